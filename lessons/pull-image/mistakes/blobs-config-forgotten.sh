# expect: blobs the config
# Only the layers are downloaded; the config is a blob too, and the image cannot run without it.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
done
