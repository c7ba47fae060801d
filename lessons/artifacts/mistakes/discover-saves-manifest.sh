# expect: discover That is a manifest
# host-2 saves the SBOM's manifest, not the SBOM document its layer holds.
R=http://$REGISTRY/v2/my/app
attach_sbom "$R" ~/sbom.spdx.json
# host: host-2
R=http://$REGISTRY/v2/my/app
APP=$(head_of $R v1 Docker-Content-Digest)
SBOM=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" $R/manifests/$(echo $APP | tr : -) | jq -r '.manifests[0].digest')
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" -o ~/sbom.spdx.json $R/manifests/$SBOM
