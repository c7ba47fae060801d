# expect: diff-ids compressed
# The diff_ids are computed from the .tar.gz files as they are: those are the layer digests again.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
  echo "sha256:$(sha256sum "${digest#sha256:}.tar.gz" | cut -d' ' -f1)" >> ~/diff-ids.txt
done
