# expect: digest image ID
# The config's digest (what docker calls the image ID) instead of the manifest's.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
echo "sha256:$(sha256sum ~/image/config.json | cut -d' ' -f1)" > ~/manifest-digest.txt
