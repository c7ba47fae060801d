# expect: chunks 416
# The second part first: 2.8 ignores Content-Range, appends, and the closing PUT fails DIGEST_INVALID.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
for PART in part-01 part-00 $(ls part-* | tail -n +3); do
  START=$((10#${PART#part-} * 10000))
  SIZE=$(stat -c %s "$PART")
  LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $START-$((START + SIZE - 1))" \
    --data-binary @"$PART" "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
done
curl -s -X PUT -H "Content-Length: 0" "$LOCATION&digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
