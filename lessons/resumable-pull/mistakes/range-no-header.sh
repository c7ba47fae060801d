# expect: range whole layer
# Forgets the Range header: the registry sends everything.
curl -s -o /tmp/slice.bin "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
