# expect: chunks stale
# Every chunk sent to the first Location: the second one is refused as BLOB_UPLOAD_INVALID.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
OFFSET=0
for PART in part-*; do
  SIZE=$(stat -c %s "$PART")
  curl -s -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $OFFSET-$((OFFSET + SIZE - 1))" --data-binary @"$PART" "$LOCATION"
  OFFSET=$((OFFSET + SIZE))
done
