# host: host-1
set -e
cd ~
# chunks: open an upload, PATCH each 10 KB part to the newest Location, close with the digest.
split -b 10000 -d layer.tar.gz part-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
OFFSET=0
for PART in part-*; do
  SIZE=$(stat -c %s "$PART")
  LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $OFFSET-$((OFFSET + SIZE - 1))" \
    --data-binary @"$PART" "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
  OFFSET=$((OFFSET + SIZE))
done
curl -sf -X PUT -H "Content-Length: 0" "$LOCATION&digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"

# resume: ask the interrupted upload how far it got, send the rest with the closing PUT.
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
tail -c +$((HAVE + 1)) resume.tar.gz > /tmp/rest.bin
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=sha256:$(sha256sum resume.tar.gz | cut -d' ' -f1)"
