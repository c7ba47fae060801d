# task: digest
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' > /tmp/v1-digest.txt
cat /tmp/v1-digest.txt
# task: manifest
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
curl -s "http://$REGISTRY/v2/my/app/tags/list"
# task: blobs
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
# v1's manifest no longer answers through the API, but its bytes are still in the blob store.
HEX=$(sed 's/^sha256://' /tmp/v1-digest.txt)
jq -r '.config.digest, .layers[].digest' "/var/lib/registry/docker/registry/v2/blobs/sha256/${HEX:0:2}/$HEX/data" | sort > /tmp/v1.txt
curl -sf -H "$A" "http://$REGISTRY/v2/my/app/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do
  curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/my/app/blobs/$blob"
done
# task: challenge
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
PURGE=$(sed -n 's/^purge: \([^ ]*\).*/\1/p' ~/challenge.txt)
KEEP=$(sed -n 's/^keep: //p' ~/challenge.txt)
curl -sf -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$PURGE" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/purge.txt
curl -sf -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$KEEP" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/keep.txt
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$PURGE" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/manifests/$DIGEST"
for blob in $(comm -23 /tmp/purge.txt /tmp/keep.txt); do
  curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/blobs/$blob"
done
