# task: delete
A="Accept: application/vnd.oci.image.manifest.v1+json"
V1=$(curl -sI -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
echo "$V1" > /tmp/v1-digest.txt
curl -s -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v1" > /tmp/v1-manifest.json
curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/shop/web/manifests/$V1"
# task: measure
A="Accept: application/vnd.oci.image.manifest.v1+json"
STORE=/var/lib/registry/docker/registry/v2
V1=$(cat /tmp/v1-digest.txt)
data() { local hex=${1#sha256:}; echo "$STORE/blobs/sha256/${hex:0:2}/$hex/data"; }
# The API no longer serves v1's manifest; its bytes are still in the blob store.
jq -r '.config.digest, .layers[].digest' "$(data "$V1")" | sort > /tmp/v1-blobs.txt
curl -sf -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2-blobs.txt
comm -23 /tmp/v1-blobs.txt /tmp/v2-blobs.txt > /tmp/v1-only.txt
cat "$(data "$V1")" $(for blob in $(cat /tmp/v1-only.txt); do data "$blob"; done) | wc -c > /tmp/v1-bytes.txt
# task: dry-run
registry-gc --dry-run
# task: collect
registry-gc
# task: untagged
registry-gc --delete-untagged
push_blob() {
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/shop/multi/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -sf -o /dev/null -X PUT "$location&digest=sha256:$(sha256sum < "$1" | cut -d' ' -f1)" -H 'Content-Type: application/octet-stream' --data-binary @"$1"
}
for arch in amd64 arm64; do
  push_blob ~/multi/$arch/config.json
  push_blob ~/multi/$arch/layer.tar.gz
  curl -sf -o /dev/null -X PUT "http://$REGISTRY/v2/shop/multi/manifests/latest-$arch" -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/multi/$arch/manifest.json"
done
# task: challenge
A="Accept: application/vnd.oci.image.manifest.v1+json"
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
FREE=$(sed -n 's/^free: //p' ~/challenge.txt)
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/$REPO/manifests/$FREE" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -sf -o /dev/null -X DELETE "http://$REGISTRY/v2/$REPO/manifests/$DIGEST"
registry-gc
