# Shell functions the mistakes share (the content test defines them first).
# open_upload: POST a new upload session to chunky; prints its Location.
open_upload() {
  curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/chunky/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p'
}
# send_parts LOCATION PART...: PATCH the parts in order, each to the newest Location; prints the last Location.
send_parts() {
  local location=$1 offset=0 size part
  shift
  for part in "$@"; do
    size=$(stat -c %s "$part")
    location=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $offset-$((offset + size - 1))" \
      --data-binary @"$part" "$location" | tr -d '\r' | sed -n 's/^Location: //p')
    offset=$((offset + size))
  done
  echo "$location"
}
