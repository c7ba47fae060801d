# expect: index Your index went to
# The index is pushed to multi, the repository of the first part, instead of my/multi.
# host: host-1
cd ~/platforms
push_child amd64; push_child arm64
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "http://$REGISTRY/v2/multi/manifests/latest"
