# expect: digest jq reformats
# The digest is computed from the manifest after jq -c compacted it: other bytes, another digest.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
echo "sha256:$(curl -s -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | jq -c . | sha256sum | cut -d' ' -f1)" > /tmp/v1-digest.txt
