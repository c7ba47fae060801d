# expect: attach its subject is
# The subject names the image's config blob instead of its manifest.
R=http://$REGISTRY/v2/my/app
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" $R/manifests/v1 | jq -r '.config.digest')
push_sbom "$R" ~/sbom.spdx.json v1 "$CONFIG"
append_referrer "$R" "$(head_of $R v1 Docker-Content-Digest)" /tmp/sbom-manifest.json
