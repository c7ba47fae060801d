# passes: upload download
# curl -T sends the file as it is, with no Content-Type at all; distribution stores it.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -T ~/blob.tar.gz "$LOCATION&digest=$DIGEST"
# host: host-2
DIGEST="sha256:$(ls /var/lib/registry/docker/registry/v2/repositories/hello-world/_layers/sha256 | head -1)"
curl -sfL "http://$REGISTRY/v2/hello-world/blobs/$DIGEST" > /tmp/blob.tar.gz
