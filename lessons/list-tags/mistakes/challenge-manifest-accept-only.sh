# expect: challenge it is application/vnd.oci.image.index.v1+json
# The text's digest function reused for the challenge: its tag is an index, so the image-manifest-only Accept gets 404s.
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TARGET=$(sed -n 's/^tag: //p' ~/challenge.txt)
digest() {
  curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$REPOSITORY/manifests/$1" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p'
}
WANTED=$(digest "$TARGET")
for tag in $(curl -s "http://$REGISTRY/v2/$REPOSITORY/tags/list" | jq -r '.tags[]'); do
  d=$(digest "$tag")
  if [ -n "$d" ] && [ "$d" = "$WANTED" ]; then echo "$tag"; fi
done > /tmp/challenge-same.txt
