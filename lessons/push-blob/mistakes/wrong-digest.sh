# expect: upload digest of ~/other.tar.gz
# The digest of another file: the registry hashes what it received and refuses the mismatch.
DIGEST="sha256:$(sha256sum ~/other.tar.gz | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$LOCATION&digest=$DIGEST"
