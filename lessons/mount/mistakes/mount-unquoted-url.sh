# expect: mount no from=
# The URL is not quoted: the shell ends the command at "&", so the registry never sees from= and answers 202.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST http://$REGISTRY/v2/team/app/blobs/uploads/?mount=$DIGEST&from=base/runtime
  wait
done
