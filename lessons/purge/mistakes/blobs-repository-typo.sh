# expect: blobs my/ap
# The blob DELETEs go to a misspelt repository: 404 BLOB_UNKNOWN, and v1's blobs stay in my/app.
# host: host-2
save_lists
delete_v1_manifest
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "http://$REGISTRY/v2/my/ap/blobs/$blob"; done
