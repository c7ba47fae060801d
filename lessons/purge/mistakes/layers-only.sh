# expect: blobs config is a blob too
# Only the layers are compared and deleted: v1's config stays behind.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "$R/manifests/v1" | jq -r '.layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.layers[].digest' | sort > /tmp/v2.txt
DIGEST=$(curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -s -X DELETE "$R/manifests/$DIGEST"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
