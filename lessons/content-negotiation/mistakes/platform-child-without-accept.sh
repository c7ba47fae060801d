# expect: platform error from the registry
# Fetches the child by digest without Accept: MANIFEST_UNKNOWN, then a blob named "null"; curl -o saves the error.
R=http://$REGISTRY/v2/negotiate/manifests
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm" and .platform.variant == "v7") | .digest')
curl -s -o /tmp/arm-v7-config.json "$R/$CHILD"
