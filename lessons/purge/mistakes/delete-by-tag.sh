# expect: manifest by digest
# DELETE by tag answers 400 on 2.8; the learner takes it as done and deletes v1's blobs: a broken, still tagged v1.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
curl -s -X DELETE "$R/manifests/v1"
curl -s -X DELETE "$R/manifests/v1-stable"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
