# Shell functions the mistakes and alternatives share (the content test defines them first).
A="Accept: application/vnd.oci.image.manifest.v1+json"
# token_for <scope>: a token from the lab's token service for that scope ("" for none).
token_for() {
  curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab${1:+&scope=$1}" | jq -r .token
}
# push_with <token> <repository> <file> [content-type]: POST an upload, then PUT the file to its Location.
push_with() {
  local location
  location=$(curl -si -X POST -H "Authorization: Bearer $1" "http://$REGISTRY/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -s -X PUT -H "Authorization: Bearer $1" -H "Content-Type: ${4:-application/octet-stream}" --data-binary @"$3" "$location&digest=sha256:$(sha256sum < "$3" | cut -d' ' -f1)"
}
