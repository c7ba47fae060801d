# expect: same-as-latest names only index types
# An Accept naming only the index type, for image manifests: every HEAD is a 404, as for a missing tag.
curl -s "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
digest() {
  curl -sI -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/acme/manifests/$1" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p'
}
LATEST=$(digest latest)
for tag in $(jq -r '.tags[]' /tmp/acme-tags.json); do
  d=$(digest "$tag")
  if [ -n "$d" ] && [ "$d" = "$LATEST" ]; then echo "$tag"; fi
done > /tmp/same-as-latest.txt
