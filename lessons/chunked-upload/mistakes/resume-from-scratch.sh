# expect: resume interrupted
# A new upload of the whole file instead of finishing the interrupted one.
# host: host-1
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/resume.tar.gz" "$LOCATION&digest=sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
