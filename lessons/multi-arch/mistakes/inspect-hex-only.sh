# expect: inspect algorithm
# The digest cut at the colon: only the hex part is saved.
# host: host-2
curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest' | cut -d: -f2 > /tmp/multi-arm64.txt
