# expect: blobs mount
# Blobs pushed to "app", the manifest to "my/app": blobs belong to a repository.
cd ~/image
push_blob layer-1.tar.gz app; push_blob layer-2.tar.gz app; push_blob config.json app
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
