# expect: challenge base layer
# Every blob of the release to free is deleted through the API, the shared base layer too.
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
FREE=$(sed -n 's/^free: //p' ~/challenge.txt)
for blob in $(curl -s -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$FREE" | jq -r '.config.digest, .layers[].digest'); do
  curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/blobs/$blob"
done
curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/manifests/$(digest_of "$REPO" "$FREE")"
registry-gc > /dev/null
