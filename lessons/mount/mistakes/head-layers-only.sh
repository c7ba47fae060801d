# expect: head config is a blob too
# Asks about the layers and forgets that the config is a blob as well.
for DIGEST in $(jq -r '.layers[].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' -I "http://$REGISTRY/v2/team/app/blobs/$DIGEST"
done
