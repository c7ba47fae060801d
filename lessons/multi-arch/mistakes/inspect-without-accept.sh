# expect: inspect Accept
# GET without an index Accept: 2.8 answers 404, jq finds no manifests, and the file is empty.
# host: host-2
curl -s "http://$REGISTRY/v2/multi/manifests/latest" | jq -r '.manifests[]? | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
