# host: host-2
set -e
curl -sf "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
digest() {
  curl -sfI -H "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json" \
    "http://$REGISTRY/v2/acme/manifests/$1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}
LATEST=$(digest latest)
[ -n "$LATEST" ]
for tag in $(jq -r '.tags[]' /tmp/acme-tags.json); do
  if [ "$(digest "$tag")" = "$LATEST" ]; then echo "$tag"; fi
done > /tmp/same-as-latest.txt
