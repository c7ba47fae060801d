# expect: index its config says
# The platforms are written in a fixed order while the entries are not: amd64's manifest is labelled arm64.
# host: host-1
cd ~/platforms
push_child amd64; push_child arm64
jq -n --argjson a "$(entry amd64 | jq '.platform.architecture = "arm64"')" --argjson b "$(entry arm64 | jq '.platform.architecture = "amd64"')" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
