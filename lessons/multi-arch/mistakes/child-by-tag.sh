# expect: platforms by digest
# The arm64 child is reformatted and pushed by tag only, so the digest the index names never exists.
# host: host-1
cd ~/platforms
push_child amd64
push_blob arm64/layer.tar.gz; push_blob arm64/config.json
jq -c . arm64/manifest.json > /tmp/arm64.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/arm64.json "$R/manifests/arm64"
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)"   '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
