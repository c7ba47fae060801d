# expect: manifest still
# The v1-only blobs are deleted, but the manifest (and its tags) stay: a broken image.
# host: host-2
save_lists
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
