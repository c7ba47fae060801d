# expect: manifest curl -i
# curl -i writes the response headers into the file in front of the manifest.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -si -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" > manifest.json
