# expect: pull response headers
# curl -i saves the headers in front of the file's bytes.
R=http://$REGISTRY/v2/my/dataset
CSV=$(ls ~/dataset/*.csv)
printf "{}" > /tmp/empty.json
push_blob /tmp/empty.json; push_blob "$CSV"
jq -n --arg digest "sha256:$(sha256sum "$CSV" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$CSV")" --arg title "$(basename "$CSV")" --arg empty "$EMPTY_DIGEST" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.registry-lab.dataset.v1",
  config: {mediaType: "application/vnd.oci.empty.v1+json", size: 2, digest: $empty},
  layers: [{mediaType: "application/vnd.registry-lab.dataset.table.v1+csv", digest: $digest, size: $size, annotations: {"org.opencontainers.image.title": $title}}]
} | .' > /tmp/dataset-manifest.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/dataset-manifest.json "$R/manifests/v1"
# host: host-2
R=http://$REGISTRY/v2/my/dataset
A="Accept: application/vnd.oci.image.manifest.v1+json"
DIGEST=$(curl -sI -H "$A" $R/manifests/v1 | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p')
curl -s -H "$A" -o /tmp/artifact.json $R/manifests/$DIGEST
TITLE=$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' /tmp/artifact.json)
curl -si $R/blobs/$(jq -r '.layers[0].digest' /tmp/artifact.json) > ~/"$TITLE"
