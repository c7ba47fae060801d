# passes: token pull push
# One token for pull,push from the start, used for the pull and the push alike.
TOKEN=$(token_for repository:private/app:pull,push)
echo "$TOKEN" > /tmp/pull-token.txt
curl -s -H "Authorization: Bearer $TOKEN" -H "$A" "http://$REGISTRY/v2/private/app/manifests/v1" > /tmp/v1.json
push_with "$TOKEN" private/app ~/notes.txt
