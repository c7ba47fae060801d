# passes: chunks
# Chunks cut with dd and no Content-Type header at all; the last chunk rides on the closing PUT.
# host: host-1
cd ~
SIZE=$(stat -c %s layer.tar.gz)
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
OFFSET=0
while [ $((SIZE - OFFSET)) -gt 8192 ]; do
  dd if=layer.tar.gz of=/tmp/chunk bs=8192 skip=$((OFFSET / 8192)) count=1 status=none
  LOCATION=$(curl -si -X PATCH -H "Content-Type:" -H "Content-Range: $OFFSET-$((OFFSET + 8191))" --data-binary @/tmp/chunk "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
  OFFSET=$((OFFSET + 8192))
done
tail -c +$((OFFSET + 1)) layer.tar.gz > /tmp/chunk
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/chunk "$LOCATION&digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
