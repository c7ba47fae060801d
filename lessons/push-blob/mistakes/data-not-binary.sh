# expect: upload --data-binary
# curl -d @file reads the file as text and drops newlines and carriage returns: fewer bytes arrive.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" -d @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
