# task: inspect
# host: host-2
curl -sf -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
cat /tmp/multi-arm64.txt
# task: platforms
R="http://$REGISTRY/v2/my/multi"
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
cd ~/platforms
for arch in amd64 arm64; do
  push_blob $arch/layer.tar.gz
  push_blob $arch/config.json
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
    --data-binary @$arch/manifest.json "$R/manifests/sha256:$(sha256sum $arch/manifest.json | cut -d' ' -f1)"
done
# task: index
R="http://$REGISTRY/v2/my/multi"
cd ~/platforms
entry() {
  jq -n --arg d "sha256:$(sha256sum $1/manifest.json | cut -d' ' -f1)" --argjson s "$(stat -c %s $1/manifest.json)" --arg a "$1" \
    '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: {os: "linux", architecture: $a}}'
}
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
# task: challenge
cd ~/challenge
R="http://$REGISTRY/v2/$(sed -n 's/^repository: //p' target.txt)"
TAG=$(sed -n 's/^tag: //p' target.txt)
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
echo '[]' > /tmp/entries.json
for dir in */; do
  dir=${dir%/}
  push_blob $dir/layer.tar.gz
  push_blob $dir/config.json
  digest="sha256:$(sha256sum $dir/manifest.json | cut -d' ' -f1)"
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$dir/manifest.json "$R/manifests/$digest"
  jq --arg d "$digest" --argjson s "$(stat -c %s $dir/manifest.json)" --argjson p "$(jq '{os, architecture}' $dir/config.json)" \
    '. + [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: $p}]' /tmp/entries.json > /tmp/entries.next && mv /tmp/entries.next /tmp/entries.json
done
jq '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' /tmp/entries.json > /tmp/challenge-index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/challenge-index.json "$R/manifests/$TAG"
