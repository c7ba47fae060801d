# expect: attach MANIFEST_INVALID
# The referrers index goes up with the image manifest's Content-Type.
R=http://$REGISTRY/v2/my/app
push_sbom "$R" ~/sbom.spdx.json
sbom_only_index
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$(echo $SUBJECT | tr : -)"
