# expect: upload lower case
# A repository name with capitals: no route matches, and distribution answers a plain 404.
DIGEST="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
curl -si -X POST "http://$REGISTRY/v2/Hello-World/blobs/uploads/"
