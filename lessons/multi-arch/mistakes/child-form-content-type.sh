# expect: platforms MANIFEST_INVALID
# The child manifests are sent with curl's default form Content-Type.
# host: host-1
cd ~/platforms
for arch in amd64 arm64; do
  push_blob $arch/layer.tar.gz; push_blob $arch/config.json
  curl -s -X PUT --data-binary @$arch/manifest.json "$R/manifests/sha256:$(sha256sum $arch/manifest.json | cut -d' ' -f1)"
done
