# expect: challenge not a valid tag
# The release written as semver, with "+": no route matches such a tag.
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt | tr _ +)
cd ~/image
push_blob layer-1.tar.gz; push_blob layer-2.tar.gz; push_blob config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
push_blob layer-1.tar.gz "$REPOSITORY"; push_blob layer-2.tar.gz "$REPOSITORY"; push_blob config.json "$REPOSITORY"
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/$REPOSITORY/manifests/$TAG"
