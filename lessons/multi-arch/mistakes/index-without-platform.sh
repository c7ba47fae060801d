# expect: index platform
# The index lists both children but says nothing about their platforms.
# host: host-1
cd ~/platforms
push_child amd64; push_child arm64
jq -n --argjson a "$(entry amd64 | jq 'del(.platform)')" --argjson b "$(entry arm64 | jq 'del(.platform)')"   '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
