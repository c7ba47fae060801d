# expect: pull response headers
# curl -i saves the headers in front of the file's bytes.
push_dataset
# host: host-2
R=http://$REGISTRY/v2/my/dataset
DIGEST=$(head_of $R v1 Docker-Content-Digest)
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" -o /tmp/artifact.json $R/manifests/$DIGEST
TITLE=$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' /tmp/artifact.json)
curl -si $R/blobs/$(jq -r '.layers[0].digest' /tmp/artifact.json) > ~/"$TITLE"
