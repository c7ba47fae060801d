# expect: challenge no longer is
# A fresh index with only the SBOM overwrites the list that held the image's signature.
IMAGE=$(sed -n 's/^Attach .* to \([^ ]*\)\.$/\1/p' ~/challenge.txt)
R=http://$REGISTRY/v2/${IMAGE%:*}
SUBJECT=$(head_of $R ${IMAGE##*:} Docker-Content-Digest)
printf '{}' > /tmp/empty.json; push_blob /tmp/empty.json; push_blob ~/challenge-sbom.spdx.json
sbom_manifest ~/challenge-sbom.spdx.json "$SUBJECT" "$(head_of $R ${IMAGE##*:} Content-Length)"
SBOM="sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)"
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$R/manifests/$SBOM"
jq -n --arg d "$SBOM" --argjson s "$(stat -c %s /tmp/sbom-manifest.json)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, artifactType: "application/spdx+json"}]}' > /tmp/referrers-new.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$(echo $SUBJECT | tr : -)"
