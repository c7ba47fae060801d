# passes: fetch hostile extract
# skopeo copies the image into an OCI layout (it verifies every digest); the layer is taken from its
# blobs, the hostile names are picked by eye from the listing's types, and tar skips them outright.
skopeo copy --src-tls-verify=false docker://$REGISTRY/drill/untrusted:v1 oci:/tmp/drill:v1
LAYER=$(jq -r '.manifests[0].digest' /tmp/drill/index.json | cut -d: -f2)
LAYER=$(jq -r '.layers[0].digest' /tmp/drill/blobs/sha256/$LAYER | cut -d: -f2)
cp /tmp/drill/blobs/sha256/$LAYER ~/layer.tar.gz
tar -tvzf ~/layer.tar.gz | grep -E '^h|^-.* (/|.*\.\./)|^-.* opt/' | awk '{ print $6 }' > ~/hostile.txt
mkdir -p ~/safe-rootfs
tar -xzf ~/layer.tar.gz -C ~/safe-rootfs --exclude-from ~/hostile.txt
