# expect: range with a Range
# Downloads the whole layer and cuts the bytes out with dd: right bytes, not a Range request.
curl -s -o /tmp/whole.bin "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
dd if=/tmp/whole.bin of=/tmp/slice.bin bs=1 skip=1000 count=1000 status=none
