# expect: mount Check the spelling
# A typo in the source repository: nothing to mount, 202.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://$REGISTRY/v2/team/app/blobs/uploads/?mount=$DIGEST&from=base/runtim"
done
