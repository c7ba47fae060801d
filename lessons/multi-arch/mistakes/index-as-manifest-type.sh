# expect: index MANIFEST_INVALID
# The index is sent with the image manifest's Content-Type.
# host: host-1
R="http://$REGISTRY/v2/my/multi"
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -s -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
push_child() {
  push_blob $1/layer.tar.gz; push_blob $1/config.json
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$1/manifest.json "$R/manifests/sha256:$(sha256sum $1/manifest.json | cut -d' ' -f1)"
}
entry() {
  jq -n --arg d "sha256:$(sha256sum $1/manifest.json | cut -d' ' -f1)" --argjson s "$(stat -c %s $1/manifest.json)" --arg a "$1" \
    '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: {os: "linux", architecture: $a}}'
}
cd ~/platforms
push_child amd64; push_child arm64
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)"   '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
