# expect: diff-ids not in order
# The right digests, but in the order ls lists the files, not the manifest's layer order.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
done
for layer in $(jq -r '.layers[].digest | ltrimstr("sha256:") + ".tar.gz"' manifest.json | sort -r); do
  echo "sha256:$(gunzip -c "$layer" | sha256sum | cut -d' ' -f1)"
done > ~/diff-ids.txt
