# expect: download registry error
# A digest typed by hand with a slip: the registry's BLOB_UNKNOWN answer is saved as the file.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
# host: host-2
curl -s -o /tmp/blob.tar.gz "http://$REGISTRY/v2/hello-world/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
