# expect: rootfs marker
# The whiteout is applied, but the .wh. marker files are extracted and left in the filesystem.
mkdir -p /tmp/pulled ~/rootfs && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  layer="${digest#sha256:}.tar.gz"
  curl -s -o "$layer" "http://$REGISTRY/v2/my/app/blobs/$digest"
  tar -xzf "$layer" -C ~/rootfs
  for marker in $(tar -tzf "$layer" | grep '\.wh\.'); do
    name=$(basename "$marker"); rm -f ~/rootfs/"$(dirname "$marker")/${name#.wh.}"
  done
done
