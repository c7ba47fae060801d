# expect: manifest still
# The v1-only blobs are deleted, but the manifest (and its tags) stay: a broken image.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
