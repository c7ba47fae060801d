# expect: platform variant
# Selects on architecture only and takes the first match: the v6 child comes first.
R=http://$REGISTRY/v2/negotiate/manifests
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi" | jq -r '.manifests[] | select(.platform.architecture == "arm") | .digest' | head -1)
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/$CHILD" | jq -r .config.digest)
curl -s -o /tmp/arm-v7-config.json "http://$REGISTRY/v2/negotiate/blobs/$CONFIG"
