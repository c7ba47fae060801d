# expect: attach its subject is
# The subject names the image's config blob instead of its manifest.
R=http://$REGISTRY/v2/my/app
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" $R/manifests/v1 | jq -r '.config.digest')
printf '{}' > /tmp/empty.json; push_blob /tmp/empty.json; push_blob ~/sbom.spdx.json
sbom_manifest ~/sbom.spdx.json "$CONFIG" 500
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/sbom-manifest.json "$R/manifests/sha256:$(sha256sum /tmp/sbom-manifest.json | cut -d' ' -f1)"
append_referrer "$R" "$(head_of $R v1 Docker-Content-Digest)" /tmp/sbom-manifest.json
