# expect: blobs base layer
# Every blob of v1 is deleted, including the base layer v2 still needs.
# host: host-2
save_lists
delete_v1_manifest
for blob in $(cat /tmp/v1.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
