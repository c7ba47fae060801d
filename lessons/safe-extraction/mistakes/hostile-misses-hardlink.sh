# expect: hostile hard link to a file outside
# Only names and symlinks are looked at; the hard link line (type h) is missed.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
tar -tvzf ~/layer.tar.gz | awk '
  $1 ~ /^l/ { links[$6] = 1 }
  { name = $6; for (link in links) if (index(name, link "/") == 1) print name }
  name ~ /^\// || name ~ /(^|\/)\.\.(\/|$)/ { print name }' | sort -u > ~/hostile.txt
