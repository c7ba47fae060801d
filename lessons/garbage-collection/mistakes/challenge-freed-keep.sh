# expect: challenge release to keep
# challenge.txt read the wrong way round: the release to keep is deleted and collected.
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
KEEP=$(sed -n 's/^keep: //p' ~/challenge.txt)
curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/manifests/$(digest_of "$REPO" "$KEEP")"
registry-gc > /dev/null
