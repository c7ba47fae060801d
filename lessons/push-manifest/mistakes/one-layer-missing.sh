# expect: blobs layer-2.tar.gz
# A layer forgotten: the manifest names a blob the repository lacks.
cd ~/image
push_blob layer-1.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
