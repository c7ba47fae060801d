# expect: resume whole layer was appended
# Appends a full download to the partial file: no Range at all.
curl -s "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)" >> ~/layer.part
