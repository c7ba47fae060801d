# expect: resume counted from 0
# Starts the range at the last byte the file has, not the first one it lacks: one byte twice.
curl -s -H "Range: bytes=$(( $(stat -c %s ~/layer.part) - 1 ))-" "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)" >> ~/layer.part
