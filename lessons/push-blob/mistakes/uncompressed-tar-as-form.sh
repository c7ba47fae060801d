# expect: upload gunzipped tar
# The uncompressed tar sent with its own digest, and without a Content-Type (so curl calls it a form):
# the body is bigger than the file, but that is not a -F wrapper, it is another file.
gunzip -c ~/blob.tar.gz > /tmp/blob.tar
DIGEST="sha256:$(sha256sum /tmp/blob.tar | cut -d' ' -f1)"
LOCATION=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT --data-binary @/tmp/blob.tar "$LOCATION&digest=$DIGEST"
