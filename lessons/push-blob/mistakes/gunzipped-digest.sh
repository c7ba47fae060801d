# expect: upload gunzipped tar
# The digest of the uncompressed tar (what gunzip -c | sha256sum gives), not of the file sent.
DIGEST="sha256:$(gunzip -c ~/blob.tar.gz | sha256sum | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
