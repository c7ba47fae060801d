# expect: challenge whiteout
# my/app is rebuilt properly, but the challenge image is unpacked with plain tar: its whiteouts are not applied.
mkdir -p /tmp/pulled ~/rootfs && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  layer="${digest#sha256:}.tar.gz"
  curl -s -o "$layer" "http://$REGISTRY/v2/my/app/blobs/$digest"
  tar -tzf "$layer" | grep '\.wh\.' | sed 's/\.wh\.//' | while read -r gone; do rm -f ~/rootfs/"$gone"; done
  tar -xzf "$layer" -C ~/rootfs --exclude='.wh.*'
done
image=$(sed -n 's/^Pull \([^ ]*\) from.*/\1/p' ~/challenge.txt)
repo=${image%:*}; tag=${image##*:}
mkdir -p ~/challenge-rootfs
for digest in $(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$repo/manifests/$tag" | jq -r '.layers[].digest'); do
  curl -s "http://$REGISTRY/v2/$repo/blobs/$digest" | tar -xz -C ~/challenge-rootfs
done
