# expect: hostile etc/localtime is harmless
# Every symlink is called hostile, including the ordinary etc/localtime.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
{ tar -tvzf ~/layer.tar.gz | awk '$1 ~ /^[lh]/ { print $6 }'; tar -tzf ~/layer.tar.gz | grep -E '^/|\.\./'; tar -tzf ~/layer.tar.gz | grep authorized_keys; } > ~/hostile.txt
