# expect: manifest reformatted
# The manifest is piped through jq before it is saved: same JSON, other bytes, another digest.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" | jq . > manifest.json
