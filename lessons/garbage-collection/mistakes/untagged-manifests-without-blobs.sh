# expect: untagged MANIFEST_BLOB_UNKNOWN
# Only the platform manifests are pushed back: the collection swept their configs and layers too.
delete_v1
registry-gc --dry-run > /dev/null
registry-gc > /dev/null
registry-gc --delete-untagged > /dev/null
for arch in amd64 arm64; do
  curl -s -X PUT "http://$REGISTRY/v2/shop/multi/manifests/latest-$arch" -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/multi/$arch/manifest.json"
done
