# expect: formats linux/amd64 child
# Right for three tags, but the manifest list asked with the Docker image type: distribution serves its amd64 child.
R=http://$REGISTRY/v2/negotiate/manifests
curl -s -o /dev/null -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "$R/docker"
curl -s -o /dev/null -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/oci"
curl -s -o /dev/null -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi"
curl -s -o /dev/null -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "$R/legacy"
