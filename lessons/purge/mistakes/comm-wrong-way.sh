# expect: blobs comm -13
# comm with the columns mixed up: -13 prints what only v2 uses, so v2's own config and layer go.
# host: host-2
save_lists
delete_v1_manifest
for blob in $(comm -13 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
