# expect: challenge mount
# Only the manifest goes to the new repository: its blobs are in my/app, not there.
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt)
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/$REPOSITORY/manifests/$TAG"
