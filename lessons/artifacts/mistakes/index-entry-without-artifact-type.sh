# expect: attach MUST copy the manifest’s artifactType
# The referrers index lists the SBOM by digest only, so clients cannot tell what it is without fetching it.
R=http://$REGISTRY/v2/my/app
push_sbom "$R" ~/sbom.spdx.json
sbom_only_index 'del(.manifests[0].artifactType)'
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$(echo $SUBJECT | tr : -)"
