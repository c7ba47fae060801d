# task: head
for DIGEST in $(jq -r '.config.digest, .layers[].digest' ~/app/manifest.json); do
  echo "$(curl -s -o /dev/null -w '%{http_code}' -I "http://$REGISTRY/v2/team/app/blobs/$DIGEST") $DIGEST"
done
# task: mount
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do
  mount_blob "$DIGEST" team/app base/runtime
done
# task: push
upload ~/app/blobs/sha256/"$(jq -r '.layers[3].digest' ~/app/manifest.json | cut -d: -f2)" team/app
upload ~/app/config.json team/app
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/app/manifest.json" "http://$REGISTRY/v2/team/app/manifests/1.0"
# task: challenge
cd ~/challenge
TARGET=$(sed -n 's/^repository: //p' target.txt)
TAG=$(sed -n 's/^tag: //p' target.txt)
REPOSITORIES=$(curl -s "http://$REGISTRY/v2/_catalog" | jq -r '.repositories[]')
for DIGEST in $(jq -r '.config.digest, .layers[].digest' manifest.json); do
  FROM=""
  for REPO in $REPOSITORIES; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -I "http://$REGISTRY/v2/$REPO/blobs/$DIGEST")" = 200 ]; then FROM=$REPO; break; fi
  done
  if [ -n "$FROM" ]; then mount_blob "$DIGEST" "$TARGET" "$FROM"; else upload "blobs/sha256/${DIGEST#sha256:}" "$TARGET"; fi
done
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/$TARGET/manifests/$TAG"
