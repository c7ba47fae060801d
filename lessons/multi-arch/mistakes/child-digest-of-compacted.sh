# expect: platforms do not hash
# The digest in the URL is of the compacted JSON, but the file's own bytes are sent.
# host: host-1
cd ~/platforms
for arch in amd64 arm64; do
  push_blob $arch/layer.tar.gz; push_blob $arch/config.json
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$arch/manifest.json "$R/manifests/sha256:$(jq -c . $arch/manifest.json | sha256sum | cut -d' ' -f1)"
done
