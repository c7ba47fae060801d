# expect: digest names only index types
# An Accept with only the index type, for an image manifest: the same 404 as a missing tag.
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
curl -sI -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p' > ~/manifest-digest.txt
