# passes: delete dry-run collect untagged
# The repair as an OCI layout copied with skopeo: each platform image under a tag of its own.
delete_v1
registry-gc --dry-run > /dev/null
registry-gc > /dev/null
registry-gc -m > /dev/null
for arch in amd64 arm64; do
  layout=/tmp/layout-$arch
  mkdir -p $layout/blobs/sha256
  echo '{"imageLayoutVersion":"1.0.0"}' > $layout/oci-layout
  for file in config.json layer.tar.gz manifest.json; do
    cp ~/multi/$arch/$file $layout/blobs/sha256/$(sha256sum < ~/multi/$arch/$file | cut -d' ' -f1)
  done
  digest=sha256:$(sha256sum < ~/multi/$arch/manifest.json | cut -d' ' -f1)
  size=$(wc -c < ~/multi/$arch/manifest.json)
  echo "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$digest\",\"size\":$size}]}" > $layout/index.json
  skopeo copy --dest-tls-verify=false --preserve-digests "oci:$layout" "docker://$REGISTRY/shop/multi:latest-$arch" > /dev/null
done
