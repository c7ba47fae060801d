# expect: digest Write only the digest
# grep keeps the whole header line, name and all.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" | grep -i docker-content-digest > ~/manifest-digest.txt
