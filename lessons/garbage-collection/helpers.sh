# Shell functions the mistakes and alternatives share (the content test defines them first).
A="Accept: application/vnd.oci.image.manifest.v1+json"
STORE=/var/lib/registry/docker/registry/v2
# data <digest>: the path of a blob's bytes in the registry's storage.
data() { local hex=${1#sha256:}; echo "$STORE/blobs/sha256/${hex:0:2}/$hex/data"; }
# digest_of <repository> <tag>: the manifest digest from a HEAD.
digest_of() {
  curl -sI -H "$A" "http://$REGISTRY/v2/$1/manifests/$2" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}
# delete_v1: saves v1's digest and blob lists in /tmp, then deletes v1's manifest by digest.
delete_v1() {
  V1=$(digest_of shop/web v1)
  echo "$V1" > /tmp/v1-digest.txt
  curl -s -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1-blobs.txt
  curl -s -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2-blobs.txt
  comm -23 /tmp/v1-blobs.txt /tmp/v2-blobs.txt > /tmp/v1-only.txt
  curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/shop/web/manifests/$V1"
}
# push_blob <file>: a monolithic upload of the file into shop/multi.
push_blob() {
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/shop/multi/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -s -o /dev/null -X PUT "$location&digest=sha256:$(sha256sum < "$1" | cut -d' ' -f1)" -H 'Content-Type: application/octet-stream' --data-binary @"$1"
}
