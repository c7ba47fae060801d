# expect: platforms before the index
# Only the amd64 child is pushed; the index also names arm64.
# host: host-1
cd ~/platforms
push_child amd64
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)"   '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
