# expect: resume first missing byte
# Starts the range one byte too late: one byte missing.
curl -s -H "Range: bytes=$(( $(stat -c %s ~/layer.part) + 1 ))-" "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)" >> ~/layer.part
