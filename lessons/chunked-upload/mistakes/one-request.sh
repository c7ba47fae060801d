# expect: chunks one request
# The right blob, but in a single PUT: this task is about chunks.
# host: host-1
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/layer.tar.gz" "$LOCATION&digest=sha256:$(sha256sum ~/layer.tar.gz | cut -d' ' -f1)"
