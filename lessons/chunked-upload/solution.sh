# task: chunks
cd ~
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
# task: resume
cd ~
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
tail -c +$((HAVE + 1)) resume.tar.gz > /tmp/rest.bin
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=sha256:$(sha256sum resume.tar.gz | cut -d' ' -f1)"
# task: challenge
cd ~/challenge
STATUS=$(curl -si "$(cat location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
SIZE=$(stat -c %s blob.tar.gz)
HALF=$(( (SIZE - HAVE) / 2 ))
tail -c +$((HAVE + 1)) blob.tar.gz | head -c $HALF > /tmp/middle.bin
tail -c +$((HAVE + HALF + 1)) blob.tar.gz > /tmp/end.bin
LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $HAVE-$((HAVE + HALF - 1))" \
  --data-binary @/tmp/middle.bin "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/end.bin "$LOCATION&digest=sha256:$(sha256sum blob.tar.gz | cut -d' ' -f1)"
