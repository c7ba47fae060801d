# expect: pull never fetched by digest
# host-2 takes the manifest by tag and never checks which digest it got.
push_dataset
# host: host-2
R=http://$REGISTRY/v2/my/dataset
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" -o /tmp/artifact.json $R/manifests/v1
TITLE=$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' /tmp/artifact.json)
curl -s -o ~/"$TITLE" $R/blobs/$(jq -r '.layers[0].digest' /tmp/artifact.json)
