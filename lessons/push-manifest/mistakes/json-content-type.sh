# expect: manifest MANIFEST_INVALID
# Blobs are fine, but the manifest goes up as application/json.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/json" --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
