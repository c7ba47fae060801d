# Shell functions the solution, mistakes and alternatives share (the content test defines them first).
# push_blob FILE [REPOSITORY]: a monolithic upload, to my/app unless another repository is given.
push_blob() {
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local location
  location=$(curl -si -X POST "http://$REGISTRY/v2/${2:-my/app}/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -o /dev/null -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$1" "$location&digest=$digest"
}
