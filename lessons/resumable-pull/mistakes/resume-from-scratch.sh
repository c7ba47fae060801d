# expect: resume downloaded again from the start
# Overwrites the partial file with a fresh full download.
curl -s -o ~/layer.part "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
