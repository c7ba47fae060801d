# expect: rootfs whiteout
# Every layer is extracted with plain tar: the whiteout marker lands as an empty file, the deleted file stays.
mkdir -p /tmp/pulled ~/rootfs && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
  tar -xzf "${digest#sha256:}.tar.gz" -C ~/rootfs
done
