# Shell functions the solution, mistakes and alternatives share (the content test defines them first).
# upload FILE REPOSITORY: a monolithic upload (POST, then PUT with the digest). curl -T sends the file
# with no Content-Type at all, which distribution accepts as well as application/octet-stream.
upload() {
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -T "$1" "$location&digest=sha256:$(sha256sum "$1" | cut -d' ' -f1)"
}
# mount_blob DIGEST REPOSITORY FROM: a cross-repository mount; prints the status code.
mount_blob() {
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://$REGISTRY/v2/$2/blobs/uploads/?mount=$1&from=$3"
}
