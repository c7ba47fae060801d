# expect: upload -H only renamed the type
# curl -F with an octet-stream Content-Type: still a multipart body, so the registry stores the wrapper with the file.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" -F "file=@$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
