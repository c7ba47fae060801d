# task: range
URL=http://$REGISTRY/v2/media/player/blobs/$(layer_digest media/player:1 0)
curl -sf -o /tmp/slice.bin -H "Range: bytes=1000-1999" "$URL"
# task: resume
LAYER=$(layer_digest media/player:1 0)
curl -sf -H "Range: bytes=$(stat -c %s ~/layer.part)-" "http://$REGISTRY/v2/media/player/blobs/$LAYER" >> ~/layer.part
echo "${LAYER#sha256:}  $HOME/layer.part" | sha256sum -c
# task: verify
TOOLS=$(layer_digest media/player:1 1)
curl -sf -o ~/tools.tar.gz "http://$REGISTRY/v2/media/player/blobs/$TOOLS"
echo "${TOOLS#sha256:}  $HOME/tools.tar.gz" | sha256sum -c
# task: challenge
IMAGE=$(sed -n 's/^image: //p' ~/challenge.txt)
BIGGEST=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/${IMAGE%:*}/manifests/${IMAGE##*:}" | jq -r '.layers | max_by(.size) | .digest')
curl -sf -C - -o ~/challenge.part "http://$REGISTRY/v2/${IMAGE%:*}/blobs/$BIGGEST"
echo "${BIGGEST#sha256:}  $HOME/challenge.part" | sha256sum -c
