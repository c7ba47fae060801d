# expect: formats does not name the type
# The Docker image type for every tag: the OCI manifest and index answer 404 MANIFEST_UNKNOWN.
for TAG in docker oci multi legacy; do
  curl -s -o /dev/null -w "%{http_code} %{content_type}\n" -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "http://$REGISTRY/v2/negotiate/manifests/$TAG"
done
