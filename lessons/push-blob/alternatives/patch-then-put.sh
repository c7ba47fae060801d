# passes: upload
# The bytes in a PATCH, then a PUT with only the digest, to the newest Location.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -X PUT "$LOCATION&digest=$DIGEST"
