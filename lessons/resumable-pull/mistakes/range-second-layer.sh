# expect: range not bytes 1000 to 1999 of the first layer
# Takes the second layer of the manifest instead of the first.
curl -s -o /tmp/slice.bin -H "Range: bytes=1000-1999" "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 1)"
