# expect: download HTTP headers
# curl -I with -o saves the headers, not the blob.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
# host: host-2
DIGEST="sha256:$(ls /var/lib/registry/docker/registry/v2/repositories/hello-world/_layers/sha256 | head -1)"
curl -sI -o /tmp/blob.tar.gz "http://$REGISTRY/v2/hello-world/blobs/$DIGEST"
