# expect: manifest MANIFEST_UNKNOWN
# An older tutorial's Accept (the Docker schema 2 type) for an OCI image: the saved file is an error.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -H "Accept: application/vnd.docker.distribution.manifest.v2+json" -o manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
