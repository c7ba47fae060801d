# expect: challenge challenge.tar.gz
# The right repository, but the lesson's blob instead of the challenge file.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/$REPOSITORY/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
