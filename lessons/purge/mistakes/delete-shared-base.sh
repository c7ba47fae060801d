# expect: blobs base layer
# Every blob of v1 is deleted, including the base layer v2 still needs.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' > /tmp/v1.txt
DIGEST=$(curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -s -X DELETE "$R/manifests/$DIGEST"
for blob in $(cat /tmp/v1.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
