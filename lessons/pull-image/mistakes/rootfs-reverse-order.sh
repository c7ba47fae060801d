# expect: rootfs manifest's order
# The layers are unpacked top layer first, so the base layer's files win over the later versions.
mkdir -p /tmp/pulled ~/rootfs && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers | reverse | .[].digest' manifest.json); do
  curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
  layer="${digest#sha256:}.tar.gz"
  for marker in $(tar -tzf "$layer" | grep '\.wh\.'); do
    name=$(basename "$marker"); rm -rf ~/rootfs/"$(dirname "$marker")/${name#.wh.}"
  done
  tar -xzf "$layer" -C ~/rootfs --exclude='.wh.*'
done
