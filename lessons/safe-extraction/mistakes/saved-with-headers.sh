# expect: fetch save the bytes unchanged
# curl -i puts the response headers in front of the layer's bytes.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -si http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r '.layers[0].digest') > ~/layer.tar.gz
