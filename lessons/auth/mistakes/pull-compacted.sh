# expect: pull jq reformats
# The manifest is saved through jq -c: the same JSON, but not the bytes the registry sent.
TOKEN=$(token_for repository:private/app:pull)
curl -s -H "Authorization: Bearer $TOKEN" -H "$A" "http://$REGISTRY/v2/private/app/manifests/v1" | jq -c . > /tmp/v1.json
