# task: fetch
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
LAYER=$(echo "$M" | jq -r '.layers[0].digest')
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$LAYER
echo "$(echo $LAYER | cut -d: -f2)  $HOME/layer.tar.gz" | sha256sum -c
# task: hostile
tar -tvzf ~/layer.tar.gz | awk '
  $1 ~ /^l/ { links[$6] = 1 }
  { name = $6; for (link in links) if (index(name, link "/") == 1) print name }
  $1 ~ /^h/ { print name }
  name ~ /^\// || name ~ /(^|\/)\.\.(\/|$)/ { print name }' | sort -u > ~/hostile.txt
# task: extract
mkdir -p ~/safe-rootfs
tar -xzf ~/layer.tar.gz -C ~/safe-rootfs || echo "tar exited with $?: it refused the hostile entries"
# task: challenge
IMAGE=$(awk 'NR == 1 { print $3 }' ~/challenge.txt)
REPO=${IMAGE%:*}; TAG=${IMAGE##*:}
LAYER=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/$REPO/manifests/$TAG | jq -r '.layers[0].digest')
curl -s -o /tmp/challenge-layer.tar.gz http://$REGISTRY/v2/$REPO/blobs/$LAYER
tar -tvzf /tmp/challenge-layer.tar.gz | awk '
  $1 ~ /^l/ { links[$6] = 1 }
  { name = $6; for (link in links) if (index(name, link "/") == 1) print name }
  $1 ~ /^h/ { print name }
  name ~ /^\// || name ~ /(^|\/)\.\.(\/|$)/ { print name }' | sort -u > ~/challenge-hostile.txt
mkdir -p ~/challenge-rootfs
tar -xzf /tmp/challenge-layer.tar.gz -C ~/challenge-rootfs || echo "tar exited with $?: it refused the hostile entries"
