# expect: upload Content-Type
# The classic: curl --data-binary without a Content-Type sends a form body.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
