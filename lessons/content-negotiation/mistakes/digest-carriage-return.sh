# expect: digest carriage return
# Cuts the value out of the raw header line, whose \r comes along.
curl -sI -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "http://$REGISTRY/v2/negotiate/manifests/legacy" \
  | sed -n 's/^Docker-Content-Digest: //p' > /tmp/legacy-digest.txt
