# expect: attach MUST copy the manifest’s artifactType
# The referrers index lists the SBOM by digest only, so clients cannot tell what it is without fetching it.
R=http://$REGISTRY/v2/my/app
APP=$(head_of $R v1 Docker-Content-Digest)
printf '{}' > /tmp/empty.json; push_blob /tmp/empty.json; push_blob ~/sbom.spdx.json
sbom_manifest ~/sbom.spdx.json "$APP" "$(head_of $R v1 Content-Length)"
SBOM="sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)"
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$R/manifests/$SBOM"
jq -n --arg d "$SBOM" --argjson s "$(stat -c %s /tmp/sbom-manifest.json)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s}]}' > /tmp/referrers-new.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$(echo $APP | tr : -)"
