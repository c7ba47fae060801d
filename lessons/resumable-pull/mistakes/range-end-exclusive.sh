# expect: range Both ends
# Reads the range like a slice in most languages, end excluded: 1001 bytes.
curl -s -o /tmp/slice.bin -H "Range: bytes=1000-2000" "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
