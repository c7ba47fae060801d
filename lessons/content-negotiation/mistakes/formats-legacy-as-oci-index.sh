# expect: formats did not name
# The manifest list asked with the OCI index type, as if the two were the same thing.
R=http://$REGISTRY/v2/negotiate/manifests
curl -s -o /dev/null -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "$R/docker"
curl -s -o /dev/null -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/oci"
curl -s -o /dev/null -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi"
curl -s -o /dev/null -H "Accept: application/vnd.oci.image.index.v1+json" "$R/legacy"
