# expect: inspect amd64
# The digest of the wrong platform.
# host: host-2
curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" | jq -r '.manifests[0].digest' > /tmp/multi-arm64.txt
