# expect: pull Accept header is missing
# A good token, but no Accept header: distribution answers 404 for an OCI manifest.
TOKEN=$(token_for repository:private/app:pull)
curl -s -H "Authorization: Bearer $TOKEN" "http://$REGISTRY/v2/private/app/manifests/v1" > /tmp/v1.json
