# expect: hostile That file was refused
# The answer is a symlink to a file elsewhere; the checker does not follow links.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
tar -tzf ~/layer.tar.gz > /tmp/all-names.txt
ln -s /tmp/all-names.txt ~/hostile.txt
