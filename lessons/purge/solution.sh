# host: host-2
set -e
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -sf -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
curl -sf -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
DIGEST=$(curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -sf -o /dev/null -X DELETE "$R/manifests/$DIGEST"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do
  curl -sf -o /dev/null -X DELETE "$R/blobs/$blob"
done
