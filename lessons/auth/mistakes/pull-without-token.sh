# expect: pull 401 UNAUTHORIZED
# The token variable was set in another shell: the header goes out as "Bearer " and the 401 body is saved.
curl -s -H "Authorization: Bearer $TOKEN" -H "$A" "http://$REGISTRY/v2/private/app/manifests/v1" > /tmp/v1.json
