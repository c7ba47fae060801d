# passes: resume
# curl -C - reads the file's size and asks for the rest itself.
curl -s -C - -o ~/layer.part "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)"
