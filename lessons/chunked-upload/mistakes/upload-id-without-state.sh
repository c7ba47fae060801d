# expect: chunks cut at its
# The upload URL built by hand from Docker-Upload-UUID: it has no ?_state=, which 2.8 needs on every request.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
UUID=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Docker-Upload-Uuid: //p')
OFFSET=0
for PART in part-*; do
  SIZE=$(stat -c %s "$PART")
  curl -s -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $OFFSET-$((OFFSET + SIZE - 1))" --data-binary @"$PART" "http://$REGISTRY/v2/chunky/blobs/uploads/$UUID"
  OFFSET=$((OFFSET + SIZE))
done
