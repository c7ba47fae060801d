# passes: fetch hostile extract
# The answer keeps whole `tar -tv` lines (the checker reads the name column), and the extraction
# happens from inside the target directory.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r '.layers[0].digest')
tar -tvzf ~/layer.tar.gz | grep -E '^h|authorized_keys|:[0-9]{2} /|\.\./' > ~/hostile.txt
mkdir -p ~/safe-rootfs && cd ~/safe-rootfs && { tar -xzf ~/layer.tar.gz || true; }
