# host: host-1
set -e
cd ~/image
push_blob layer-1.tar.gz
push_blob layer-2.tar.gz
push_blob config.json
curl -si -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
  --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1" \
  | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' > ~/manifest-digest.txt
test -s ~/manifest-digest.txt
