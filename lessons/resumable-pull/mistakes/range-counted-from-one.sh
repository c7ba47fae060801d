# expect: range counts bytes from 0
# Counts bytes from 1: the slice is shifted by one.
curl -s -o /tmp/slice.bin -H "Range: bytes=1001-2000" "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
