# expect: fetch That is the manifest
# Saves the manifest, not the layer it names.
curl -s -o ~/layer.tar.gz -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1
