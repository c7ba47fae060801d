# expect: challenge must keep pulling
# The challenge's two lines read the wrong way round: the release to keep is purged.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
WRONG=$(sed -n 's/^keep: //p' ~/challenge.txt)
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$WRONG" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -si -X DELETE "http://$REGISTRY/v2/$REPO/manifests/$DIGEST"
