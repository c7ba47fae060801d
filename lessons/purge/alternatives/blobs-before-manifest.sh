# passes: digest manifest blobs
# Another order: v1's own blobs first, then its manifest by digest (the digest hashed from the GET's exact bytes).
# host: host-2
curl -s -H "$A" "$R/manifests/v1" > /tmp/v1.json
echo "sha256:$(sha256sum < /tmp/v1.json | cut -d' ' -f1)" > /tmp/v1-digest.txt
jq -r '.config.digest, .layers[].digest' /tmp/v1.json | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
curl -s -X DELETE "$R/manifests/$(cat /tmp/v1-digest.txt)"
