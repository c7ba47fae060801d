# passes: upload challenge
# A non-form Content-Type (text/plain) is stored fine; the challenge done with a relative path and a function.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -X PUT -H "Content-Type: text/plain" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
upload() {
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/$1/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$2" "$location&digest=sha256:$(sha256sum "$2" | cut -d' ' -f1)"
}
cd ~ && upload "$(sed -n 's/^repository: //p' challenge.txt)" challenge.tar.gz
