# passes: range
# curl's own option for a range, -r FIRST-LAST, sends the same header.
curl -s -r 1000-1999 -o /tmp/slice.bin "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
