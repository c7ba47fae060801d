# expect: challenge no longer is
# A fresh index with only the SBOM overwrites the list that held the image's signature.
IMAGE=$(sed -n 's/^Attach .* to \([^ ]*\)\.$/\1/p' ~/challenge.txt)
R=http://$REGISTRY/v2/${IMAGE%:*}
push_sbom "$R" ~/challenge-sbom.spdx.json "${IMAGE##*:}"
sbom_only_index
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/referrers-new.json "$R/manifests/$(echo $SUBJECT | tr : -)"
