# passes: manifest blobs diff-ids
# The tutorial way: numbered file names, each checked with sha256sum against the manifest by eye.
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/my/app/manifests/v1 > manifest.json
curl -s http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json) > config.json
i=1
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -s http://$REGISTRY/v2/my/app/blobs/$digest > layer$i.tar.gz
  i=$((i + 1))
done
sha256sum *
for layer in layer1.tar.gz layer2.tar.gz layer3.tar.gz; do
  zcat $layer | sha256sum | awk '{print "sha256:" $1}'
done > ~/diff-ids.txt
