# Reference solution, one part per task (see README, "Writing a lesson").
# task: upload
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
# task: download
# host: host-2
# host-2 is another machine: it finds the digest in the registry's storage (read-only at /var/lib/registry).
DIGEST="sha256:$(ls /var/lib/registry/docker/registry/v2/repositories/hello-world/_layers/sha256 | head -1)"
curl -sf -o /tmp/blob.tar.gz "http://$REGISTRY/v2/hello-world/blobs/$DIGEST"
sha256sum /tmp/blob.tar.gz
# task: challenge
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
DIGEST="sha256:$(sha256sum ~/challenge.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/$REPOSITORY/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/challenge.tar.gz" "$LOCATION&digest=$DIGEST"
