# expect: blobs config is a blob too
# Only the layers are compared and deleted: v1's config stays behind.
# host: host-2
curl -s -H "$A" "$R/manifests/v1" | jq -r '.layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.layers[].digest' | sort > /tmp/v2.txt
delete_v1_manifest
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
