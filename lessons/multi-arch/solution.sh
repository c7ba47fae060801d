# host: host-1
set -e
R="http://$REGISTRY/v2/my/multi"
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
cd ~/platforms
for arch in amd64 arm64; do
  push_blob $arch/layer.tar.gz
  push_blob $arch/config.json
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
    --data-binary @$arch/manifest.json "$R/manifests/sha256:$(sha256sum $arch/manifest.json | cut -d' ' -f1)"
done
entry() {
  jq -n --arg d "sha256:$(sha256sum $1/manifest.json | cut -d' ' -f1)" --argjson s "$(stat -c %s $1/manifest.json)" --arg a "$1" \
    '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: {os: "linux", architecture: $a}}'
}
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
# host: host-2
set -e
curl -sf -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
