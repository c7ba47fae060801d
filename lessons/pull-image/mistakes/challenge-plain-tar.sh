# expect: challenge whiteout
# my/app is rebuilt properly, but the challenge image is unpacked with plain tar: its whiteouts are not applied.
pull_into_tmp
unpack_layers ~/rootfs
image=$(sed -n 's/^Pull \([^ ]*\) from.*/\1/p' ~/challenge.txt)
repo=${image%:*}; tag=${image##*:}
mkdir -p ~/challenge-rootfs
for digest in $(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$repo/manifests/$tag" | jq -r '.layers[].digest'); do
  curl -s "http://$REGISTRY/v2/$repo/blobs/$digest" | tar -xz -C ~/challenge-rootfs
done
