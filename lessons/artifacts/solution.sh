# task: artifact
R=http://$REGISTRY/v2/my/dataset
printf '{}' > /tmp/empty.json
CSV=$(ls ~/dataset/*.csv)
push_blob /tmp/empty.json
push_blob "$CSV"
jq -n --arg digest "sha256:$(sha256sum "$CSV" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$CSV")" --arg title "$(basename "$CSV")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.registry-lab.dataset.v1",
  config: {mediaType: "application/vnd.oci.empty.v1+json", size: 2, digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
  layers: [{mediaType: "application/vnd.registry-lab.dataset.table.v1+csv", digest: $digest, size: $size, annotations: {"org.opencontainers.image.title": $title}}]
}' > /tmp/dataset-manifest.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/dataset-manifest.json "$R/manifests/v1"
# task: pull
# host: host-2
R=http://$REGISTRY/v2/my/dataset
A="Accept: application/vnd.oci.image.manifest.v1+json"
DIGEST=$(curl -sI -H "$A" $R/manifests/v1 | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p')
curl -s -H "$A" -o /tmp/artifact.json $R/manifests/$DIGEST
echo "${DIGEST#sha256:}  /tmp/artifact.json" | sha256sum -c
TITLE=$(basename "$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' /tmp/artifact.json)")
LAYER=$(jq -r '.layers[0].digest' /tmp/artifact.json)
curl -s -o ~/"$TITLE" $R/blobs/$LAYER
echo "${LAYER#sha256:}  $HOME/$TITLE" | sha256sum -c
# task: attach
R=http://$REGISTRY/v2/my/app
attach_sbom "$R" ~/sbom.spdx.json
# task: discover
# host: host-2
R=http://$REGISTRY/v2/my/app
A="Accept: application/vnd.oci.image.manifest.v1+json"
APP=$(curl -sI -H "$A" $R/manifests/v1 | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p')
if ! curl -sf -o /tmp/referrers.json $R/referrers/$APP; then
  curl -sf -o /tmp/referrers.json -H "Accept: application/vnd.oci.image.index.v1+json" $R/manifests/$(echo $APP | tr : -)
fi
SBOM=$(jq -r '.manifests[] | select(.artifactType == "application/spdx+json") | .digest' /tmp/referrers.json | head -1)
LAYER=$(curl -s -H "$A" $R/manifests/$SBOM | jq -r '.layers[0].digest')
curl -s -o ~/sbom.spdx.json $R/blobs/$LAYER
# task: challenge
IMAGE=$(sed -n 's/^Attach .* to \([^ ]*\)\.$/\1/p' ~/challenge.txt)
R=http://$REGISTRY/v2/${IMAGE%:*}
attach_sbom "$R" ~/challenge-sbom.spdx.json "${IMAGE##*:}"
