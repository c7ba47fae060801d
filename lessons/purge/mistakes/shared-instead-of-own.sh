# expect: blobs in both manifests
# comm -12 prints the blobs both images share: the learner deletes the base layer and keeps v1's own.
# host: host-2
save_lists
delete_v1_manifest
for blob in $(comm -12 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
