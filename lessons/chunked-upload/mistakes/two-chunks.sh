# expect: chunks only 2 requests
# The layer cut in two halves: a chunked upload, but fewer chunks than the task asks for.
# host: host-1
cd ~ && split -n 2 -d layer.tar.gz half-
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
SIZE=$(stat -c %s half-00)
LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: 0-$((SIZE - 1))" --data-binary @half-00 "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @half-01 "$LOCATION&digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
