# expect: extract Reset the lesson
# A first try with -P into a scratch directory, then a safe extraction: the damage of the first stays.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
mkdir -p ~/try && tar -xPzf ~/layer.tar.gz -C ~/try
mkdir -p ~/safe-rootfs && tar -xzf ~/layer.tar.gz -C ~/safe-rootfs
