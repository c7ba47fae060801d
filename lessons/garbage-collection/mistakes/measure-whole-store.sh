# expect: measure whole blob store
# du of the whole blob store instead of v1's own files.
delete_v1
du -sb "$STORE/blobs" | cut -f1 > /tmp/v1-bytes.txt
