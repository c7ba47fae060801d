# expect: verify torn write
# Resumes the damaged partial file in place and stops there, trusting it.
curl -s -C - -o ~/tools.part "http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 1)"
