# expect: challenge downloaded again from the start
# Downloads the challenge layer whole over the partial file.
IMAGE=$(sed -n 's/^image: //p' ~/challenge.txt)
BIGGEST=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/${IMAGE%:*}/manifests/${IMAGE##*:}" | jq -r '.layers | max_by(.size) | .digest')
curl -s -o ~/challenge.part "http://$REGISTRY/v2/${IMAGE%:*}/blobs/$BIGGEST"
