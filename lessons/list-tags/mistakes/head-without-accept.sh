# expect: same-as-latest Accept
# HEAD without an Accept header: distribution 2.8 answers 404 MANIFEST_UNKNOWN, so no digest is found.
curl -s "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
digest() {
  curl -sI "http://$REGISTRY/v2/acme/manifests/$1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}
LATEST=$(digest latest)
for tag in $(jq -r '.tags[]' /tmp/acme-tags.json); do
  d=$(digest "$tag")
  if [ -n "$d" ] && [ "$d" = "$LATEST" ]; then echo "$tag"; fi
done > /tmp/same-as-latest.txt
