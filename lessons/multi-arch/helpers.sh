# Shell functions the solution and the mistakes share (the content test defines them first).
R="http://$REGISTRY/v2/my/multi"
# push_blob FILE: a monolithic upload to my/multi.
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
# push_child ARCH: the platform's layer and config, then its manifest by digest.
push_child() {
  push_blob "$1/layer.tar.gz"
  push_blob "$1/config.json"
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
    --data-binary @"$1/manifest.json" "$R/manifests/sha256:$(sha256sum "$1/manifest.json" | cut -d' ' -f1)"
}
# entry ARCH: the index entry (descriptor with platform) for the platform's manifest.
entry() {
  jq -n --arg d "sha256:$(sha256sum "$1/manifest.json" | cut -d' ' -f1)" --argjson s "$(stat -c %s "$1/manifest.json")" --arg a "$1" \
    '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: {os: "linux", architecture: $a}}'
}
