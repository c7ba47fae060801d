# Reference solution, one part per task (see README, "Writing a lesson"). push_blob is in helpers.sh.
# task: blobs
cd ~/image
push_blob layer-1.tar.gz
push_blob layer-2.tar.gz
push_blob config.json
# task: manifest
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
  --data-binary @$HOME/image/manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
# task: digest
curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" \
  | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p' > ~/manifest-digest.txt
cat ~/manifest-digest.txt
# task: challenge
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt)
cd ~/image
push_blob layer-1.tar.gz "$REPOSITORY"
push_blob layer-2.tar.gz "$REPOSITORY"
push_blob config.json "$REPOSITORY"
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
  --data-binary @manifest.json "http://$REGISTRY/v2/$REPOSITORY/manifests/$TAG"
