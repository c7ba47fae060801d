# passes: verify
# Resumes in place, finds the digest wrong, throws the file away and fetches the layer whole.
TOOLS=$(layer_digest media/player:1 1)
curl -s -C - -o ~/tools.part "http://$REGISTRY/v2/media/player/blobs/$TOOLS"
if ! echo "${TOOLS#sha256:}  $HOME/tools.part" | sha256sum -c --quiet; then
  rm ~/tools.part
  curl -s -o ~/tools.tar.gz "http://$REGISTRY/v2/media/player/blobs/$TOOLS"
fi
