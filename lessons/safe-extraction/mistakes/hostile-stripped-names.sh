# expect: hostile as tar -tzf lists them
# The names are copied from tar's warnings, after tar cut off the leading / and ../ parts.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
tar -tvzf ~/layer.tar.gz | awk '$1 ~ /^[h]/ { print $6 }' > ~/hostile.txt
tar -tzf ~/layer.tar.gz | grep authorized_keys >> ~/hostile.txt
tar -tzf ~/layer.tar.gz | grep -E '^/|\.\./' | sed -E 's#^(\.\./)+##; s#^/##' >> ~/hostile.txt
