# expect: manifest mediaType
# The Docker schema 2 type for an OCI manifest: the Content-Type must be the manifest's own mediaType.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.docker.distribution.manifest.v2+json" --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
