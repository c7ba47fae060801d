# passes: artifact pull
# host-2 resolves the tag with a HEAD, then lets skopeo copy the artifact by digest into an OCI
# layout (skopeo checks the manifest against that digest and every blob against its own), and copies
# the layer out under its title.
push_dataset
# host: host-2
R=http://$REGISTRY/v2/my/dataset
DIGEST=$(curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" $R/manifests/v1 | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p')
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/dataset@$DIGEST oci:/tmp/dataset-layout:v1
MANIFEST=$(jq -r '.manifests[0].digest | sub("sha256:"; "")' /tmp/dataset-layout/index.json)
LAYER=$(jq -r '.layers[0].digest | sub("sha256:"; "")' /tmp/dataset-layout/blobs/sha256/$MANIFEST)
TITLE=$(basename "$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' /tmp/dataset-layout/blobs/sha256/$MANIFEST)")
cp /tmp/dataset-layout/blobs/sha256/$LAYER ~/"$TITLE"
