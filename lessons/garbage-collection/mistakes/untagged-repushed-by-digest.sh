# expect: untagged has no tag
# The children are pushed back by digest: shop/multi pulls, but the next -m run deletes them again.
delete_v1
registry-gc --dry-run > /dev/null
registry-gc > /dev/null
registry-gc --delete-untagged > /dev/null
for arch in amd64 arm64; do
  push_blob ~/multi/$arch/config.json
  push_blob ~/multi/$arch/layer.tar.gz
  digest=sha256:$(sha256sum < ~/multi/$arch/manifest.json | cut -d' ' -f1)
  curl -s -o /dev/null -X PUT "http://$REGISTRY/v2/shop/multi/manifests/$digest" -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/multi/$arch/manifest.json"
done
