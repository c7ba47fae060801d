# expect: manifest Accept
# The manifest is fetched without an Accept header: distribution answers MANIFEST_UNKNOWN, and curl saves the error body.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
