# expect: challenge belong to a repository
# The challenge file, uploaded to the lesson's repository instead of the one in ~/challenge.txt.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
DIGEST="sha256:$(sha256sum ~/challenge.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/challenge.tar.gz" "$LOCATION&digest=$DIGEST"
