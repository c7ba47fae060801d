# expect: manifest size
# A hand-edited descriptor with the wrong size for the first layer.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
jq '.layers[0].size += 1' manifest.json > /tmp/manifest.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
