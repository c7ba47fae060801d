# expect: platform linux/arm64/v8
# "ARM" read as arm64: the 64-bit child's config.
R=http://$REGISTRY/v2/negotiate/manifests
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi" | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest')
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/$CHILD" | jq -r .config.digest)
curl -s -o /tmp/arm-v7-config.json "http://$REGISTRY/v2/negotiate/blobs/$CONFIG"
