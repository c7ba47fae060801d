# Shell functions the solution and the mistakes share (the content test defines them first).
EMPTY_DIGEST=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
# push_blob FILE: a monolithic upload to the repository of $R.
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)" location
  location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
# head_of R TAG HEADER: a response header of HEAD on the tag's manifest.
head_of() {
  curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "$1/manifests/$2" | tr -d '\r' | sed -n "s/^$3: //p"
}
# sbom_manifest FILE SUBJECT SUBJECT_SIZE: an SPDX artifact manifest about SUBJECT, into /tmp/sbom-manifest.json.
sbom_manifest() {
  jq -n --arg digest "sha256:$(sha256sum "$1" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$1")" --arg subject "$2" --argjson subjectSize "$3" --arg empty "$EMPTY_DIGEST" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: "application/spdx+json",
    config: {mediaType: "application/vnd.oci.empty.v1+json", size: 2, digest: $empty},
    layers: [{mediaType: "application/spdx+json", digest: $digest, size: $size}],
    subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $subject, size: $subjectSize}
  }' > /tmp/sbom-manifest.json
}
# append_referrer R SUBJECT MANIFEST_FILE: pull the sha256-<hex> list (empty on 404), add the manifest, push it back.
append_referrer() {
  local tag digest code
  tag=$(echo "$2" | tr : -)
  digest="sha256:$(sha256sum "$3" | cut -d' ' -f1)"
  code=$(curl -s -o /tmp/referrers.json -w "%{http_code}" -H "Accept: application/vnd.oci.image.index.v1+json" "$1/manifests/$tag")
  if [ "$code" != 200 ]; then echo '{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}' > /tmp/referrers.json; fi
  jq --arg digest "$digest" --argjson size "$(stat -c %s "$3")" \
    '.manifests = ([.manifests[] | select(.digest != $digest)] + [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $digest, size: $size, artifactType: "application/spdx+json"}])' \
    /tmp/referrers.json > /tmp/referrers-new.json
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$1/manifests/$tag"
}
# push_sbom R FILE [TAG] [SUBJECT]: push {} and FILE, then FILE's SBOM manifest by digest, its subject the
# image R:TAG (default v1) or the digest SUBJECT; sets SUBJECT and SBOM (the manifest's digest).
push_sbom() {
  SUBJECT=${4:-$(head_of "$1" "${3:-v1}" Docker-Content-Digest)}
  printf '{}' > /tmp/empty.json
  push_blob /tmp/empty.json
  push_blob "$2"
  sbom_manifest "$2" "$SUBJECT" "$(head_of "$1" "${3:-v1}" Content-Length)"
  SBOM="sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)"
  curl -s -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$1/manifests/$SBOM"
}
# attach_sbom R FILE [TAG]: push FILE as an SBOM of the image R:TAG (default v1), and list it under the referrers tag.
attach_sbom() {
  push_sbom "$@"
  append_referrer "$1" "$SUBJECT" /tmp/sbom-manifest.json
}
# sbom_only_index [JQ_FILTER]: a referrers index listing only /tmp/sbom-manifest.json (changed by the filter), into /tmp/referrers-new.json.
sbom_only_index() {
  jq -n --arg d "sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)" --argjson s "$(stat -c %s /tmp/sbom-manifest.json)" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, artifactType: "application/spdx+json"}]} | '"${1:-.}" \
    > /tmp/referrers-new.json
}
# dataset_manifest [JQ_FILTER]: the data set's artifact manifest (changed by the filter) into /tmp/dataset-manifest.json.
dataset_manifest() {
  local csv
  csv=$(ls ~/dataset/*.csv)
  jq -n --arg digest "sha256:$(sha256sum "$csv" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$csv")" --arg title "$(basename "$csv")" --arg empty "$EMPTY_DIGEST" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: "application/vnd.registry-lab.dataset.v1",
    config: {mediaType: "application/vnd.oci.empty.v1+json", size: 2, digest: $empty},
    layers: [{mediaType: "application/vnd.registry-lab.dataset.table.v1+csv", digest: $digest, size: $size, annotations: {"org.opencontainers.image.title": $title}}]
  } | '"${1:-.}" > /tmp/dataset-manifest.json
}
# push_dataset [JQ_FILTER]: {} and the CSV as blobs, then the (filtered) manifest as my/dataset:v1.
push_dataset() {
  local R=http://$REGISTRY/v2/my/dataset
  printf '{}' > /tmp/empty.json
  push_blob /tmp/empty.json
  push_blob "$(ls ~/dataset/*.csv)"
  dataset_manifest "$@"
  curl -s -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/dataset-manifest.json "$R/manifests/v1"
}
