# expect: index size
# The entry sizes are counted on compacted JSON, not on the bytes that were pushed.
# host: host-1
cd ~/platforms
push_child amd64; push_child arm64
compact_entry() { entry "$1" | jq --argjson s "$(jq -c . "$1/manifest.json" | wc -c)" '.size = $s'; }
jq -n --argjson a "$(compact_entry amd64)" --argjson b "$(compact_entry arm64)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
