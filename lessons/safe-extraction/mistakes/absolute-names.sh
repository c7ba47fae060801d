# expect: extract An attack got out of
# tar -P (--absolute-names) turns off every protection: all four attacks land.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
mkdir -p ~/safe-rootfs
tar -xPzf ~/layer.tar.gz -C ~/safe-rootfs
