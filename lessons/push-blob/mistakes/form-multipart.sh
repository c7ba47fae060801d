# expect: upload curl -F sent the blob as a multipart form
# curl -F, as for a web form: the file goes up wrapped in a multipart/form-data body, which distribution reads as a form.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -F "file=@$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
