# expect: head Blobs belong to repositories
# Asks the base image's repository instead of the one the push goes to.
for DIGEST in $(jq -r '.config.digest, .layers[].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' -I "http://$REGISTRY/v2/base/runtime/blobs/$DIGEST"
done
