# passes: attach discover
# The SBOM manifest is pushed under a tag of its own (sbom) instead of by digest; the referrers
# index still names it by digest, which is all a client follows.
R=http://$REGISTRY/v2/my/app
APP=$(head_of $R v1 Docker-Content-Digest)
printf '{}' > /tmp/empty.json; push_blob /tmp/empty.json; push_blob ~/sbom.spdx.json
sbom_manifest ~/sbom.spdx.json "$APP" "$(head_of $R v1 Content-Length)"
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$R/manifests/sbom"
append_referrer "$R" "$APP" /tmp/sbom-manifest.json
# host: host-2
R=http://$REGISTRY/v2/my/app
APP=$(head_of $R v1 Docker-Content-Digest)
INDEX=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" $R/manifests/$(echo $APP | tr : -))
SBOM=$(echo "$INDEX" | jq -r '.manifests[] | select(.artifactType == "application/spdx+json") | .digest')
curl -s -o ~/sbom.spdx.json $R/blobs/$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" $R/manifests/$SBOM | jq -r '.layers[0].digest')
