# host: host-1
set -e
cd ~/image
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/my/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
push_blob layer-1.tar.gz
push_blob layer-2.tar.gz
push_blob config.json
curl -si -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
  --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1" \
  | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' > ~/manifest-digest.txt
test -s ~/manifest-digest.txt
