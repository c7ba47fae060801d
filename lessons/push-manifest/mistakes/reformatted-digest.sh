# expect: digest exact bytes
# The manifest is pushed compacted by jq, but the digest written down is the original file's.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
jq -c . manifest.json > /tmp/compact.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/compact.json "http://$REGISTRY/v2/my/app/manifests/v1"
echo "sha256:$(sha256sum manifest.json | cut -d' ' -f1)" > ~/manifest-digest.txt
