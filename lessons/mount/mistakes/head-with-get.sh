# expect: head downloads
# Asks with GET: the answers are right, but every blob the repository has is downloaded whole.
for DIGEST in $(jq -r '.config.digest, .layers[].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' "http://$REGISTRY/v2/team/app/blobs/$DIGEST"
done
