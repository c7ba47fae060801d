# expect: blobs my/ap
# The blob DELETEs go to a misspelt repository: 404 BLOB_UNKNOWN, and v1's blobs stay in my/app.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "http://$REGISTRY/v2/my/app/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -s -X DELETE "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "http://$REGISTRY/v2/my/ap/blobs/$blob"; done
