# host: host-1
set -e
cd ~/platforms
push_child amd64
push_child arm64
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
# host: host-2
set -e
curl -sf -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
