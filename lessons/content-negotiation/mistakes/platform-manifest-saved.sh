# expect: platform a manifest, not a config
# Saves the child manifest and stops one step short of the config.
R=http://$REGISTRY/v2/negotiate/manifests
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm" and .platform.variant == "v7") | .digest')
curl -s -o /tmp/arm-v7-config.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/$CHILD"
