# passes: chunks
# curl -T sends each part with no Content-Type, which distribution accepts; the PUT closes with no body.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
OFFSET=0
for PART in part-*; do
  SIZE=$(stat -c %s "$PART")
  LOCATION=$(curl -si -X PATCH -T "$PART" -H "Content-Range: $OFFSET-$((OFFSET + SIZE - 1))" "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
  OFFSET=$((OFFSET + SIZE))
done
curl -s -X PUT -H "Content-Length: 0" "$LOCATION&digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
