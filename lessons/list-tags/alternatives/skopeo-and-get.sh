# passes: list same-as-latest
# The tag list from skopeo ({"Repository","Tags"}), the digests by GET and sha256sum of the exact bytes.
skopeo list-tags --tls-verify=false "docker://$REGISTRY/acme" > /tmp/acme-tags.json
digest() {
  echo "sha256:$(curl -sf -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/acme/manifests/$1" | sha256sum | cut -d' ' -f1)"
}
LATEST=$(digest latest)
for tag in $(jq -r '.Tags[]' /tmp/acme-tags.json); do
  if [ "$tag" != latest ] && [ "$(digest "$tag")" = "$LATEST" ]; then echo "$tag"; fi
done > /tmp/same-as-latest.txt
