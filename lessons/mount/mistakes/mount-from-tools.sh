# expect: mount has no blob
# Mounts both base layers from base/tools, which shares only the os layer: the runtime layer gets 202.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://$REGISTRY/v2/team/app/blobs/uploads/?mount=$DIGEST&from=base/tools"
done
