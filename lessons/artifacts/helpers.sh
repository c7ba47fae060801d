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
# attach_sbom R FILE [TAG]: push FILE as an SBOM whose subject is the image R:TAG (default v1), and list it.
attach_sbom() {
  local subject size
  subject=$(head_of "$1" "${3:-v1}" Docker-Content-Digest)
  size=$(head_of "$1" "${3:-v1}" Content-Length)
  printf '{}' > /tmp/empty.json
  push_blob /tmp/empty.json
  push_blob "$2"
  sbom_manifest "$2" "$subject" "$size"
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$1/manifests/sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)"
  append_referrer "$1" "$subject" /tmp/sbom-manifest.json
}
