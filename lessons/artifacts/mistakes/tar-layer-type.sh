# expect: artifact not a tar
# The layer keeps the image layer media type although the bytes are a CSV file.
R=http://$REGISTRY/v2/my/dataset
CSV=$(ls ~/dataset/*.csv)
printf "{}" > /tmp/empty.json
push_blob /tmp/empty.json; push_blob "$CSV"
jq -n --arg digest "sha256:$(sha256sum "$CSV" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$CSV")" --arg title "$(basename "$CSV")" --arg empty "$EMPTY_DIGEST" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.registry-lab.dataset.v1",
  config: {mediaType: "application/vnd.oci.empty.v1+json", size: 2, digest: $empty},
  layers: [{mediaType: "application/vnd.registry-lab.dataset.table.v1+csv", digest: $digest, size: $size, annotations: {"org.opencontainers.image.title": $title}}]
} | .layers[0].mediaType = "application/vnd.oci.image.layer.v1.tar+gzip"' > /tmp/dataset-manifest.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/dataset-manifest.json "$R/manifests/v1"
