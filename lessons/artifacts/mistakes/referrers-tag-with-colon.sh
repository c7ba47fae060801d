# expect: attach with a dash instead of the colon
# The referrers list is pushed to "sha256:<hex>" (a digest reference) instead of the tag "sha256-<hex>".
R=http://$REGISTRY/v2/my/app
push_sbom "$R" ~/sbom.spdx.json
sbom_only_index
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$SUBJECT"
