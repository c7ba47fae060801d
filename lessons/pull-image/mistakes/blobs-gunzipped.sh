# expect: blobs uncompressed
# The layers are unpacked on the fly and saved as plain tar files, which no longer match their digests.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
n=0
for digest in $(jq -r '.layers[].digest' manifest.json); do
  n=$((n + 1))
  curl -s "http://$REGISTRY/v2/my/app/blobs/$digest" | gunzip > "layer$n.tar"
done
