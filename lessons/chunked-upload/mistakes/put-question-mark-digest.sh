# expect: chunks &digest=
# The closing PUT adds ?digest= to a Location that already has ?_state=.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
OFFSET=0
for PART in part-*; do
  SIZE=$(stat -c %s "$PART")
  LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $OFFSET-$((OFFSET + SIZE - 1))" --data-binary @"$PART" "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
  OFFSET=$((OFFSET + SIZE))
done
curl -s -X PUT -H "Content-Length: 0" "$LOCATION?digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
