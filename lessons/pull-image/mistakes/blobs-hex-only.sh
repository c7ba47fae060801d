# expect: blobs sha256:<hex>
# The blob URLs carry the bare hex, without "sha256:": the registry answers a plain 404 and curl saves it.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
for digest in $(jq -r '.config.digest, .layers[].digest' manifest.json); do
  hex=${digest#sha256:}
  curl -s -o "$hex" "http://$REGISTRY/v2/my/app/blobs/$hex"
done
