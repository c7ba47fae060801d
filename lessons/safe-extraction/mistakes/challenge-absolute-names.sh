# expect: challenge An attack got out of
# The challenge layer extracted with -P: its attacks land in ~ and /tmp.
IMAGE=$(awk 'NR == 1 { print $3 }' ~/challenge.txt)
REPO=${IMAGE%:*}; TAG=${IMAGE##*:}
LAYER=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/$REPO/manifests/$TAG | jq -r '.layers[0].digest')
curl -s -o /tmp/challenge-layer.tar.gz http://$REGISTRY/v2/$REPO/blobs/$LAYER
tar -tzf /tmp/challenge-layer.tar.gz > ~/challenge-hostile.txt
mkdir -p ~/challenge-rootfs && tar -xPzf /tmp/challenge-layer.tar.gz -C ~/challenge-rootfs
