# expect: inspect jq -r
# jq without -r: the digest is saved with its JSON quotes.
# host: host-2
curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" | jq '.manifests[] | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
