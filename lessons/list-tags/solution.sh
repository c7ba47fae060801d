# Reference solution, one part per task (see README, "Writing a lesson"). Everything runs on host-2.
# task: list
curl -sf "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
jq . /tmp/acme-tags.json
# task: same-as-latest
digest() {
  curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" \
    "http://$REGISTRY/v2/acme/manifests/$1" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p'
}
LATEST=$(digest latest)
for tag in $(curl -sf "http://$REGISTRY/v2/acme/tags/list" | jq -r '.tags[]'); do
  if [ "$(digest "$tag")" = "$LATEST" ]; then echo "$tag"; fi
done > /tmp/same-as-latest.txt
cat /tmp/same-as-latest.txt
# task: challenge
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TARGET=$(sed -n 's/^tag: //p' ~/challenge.txt)
FILE=$(sed -n 's/.* to \(\/tmp\/[^ ]*\)\.$/\1/p' ~/challenge.txt)
digest_of() {
  curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json" \
    "http://$REGISTRY/v2/$REPOSITORY/manifests/$1" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p'
}
WANTED=$(digest_of "$TARGET")
for tag in $(curl -sf "http://$REGISTRY/v2/$REPOSITORY/tags/list" | jq -r '.tags[]'); do
  if [ "$(digest_of "$tag")" = "$WANTED" ]; then echo "$tag"; fi
done > "$FILE"
cat "$FILE"
