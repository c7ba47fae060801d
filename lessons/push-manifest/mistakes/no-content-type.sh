# expect: manifest MUST
# The manifest PUT with no Content-Type at all.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
