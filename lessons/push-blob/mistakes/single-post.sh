# expect: upload single POST
# The spec's single-POST upload (end-4b): distribution 2.8 answers 202, opens an empty session and drops the bytes.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
curl -si -X POST -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "http://$REGISTRY/v2/hello-world/blobs/uploads/?digest=$DIGEST"
