# expect: digest whole header line
# Saves the header line instead of its value.
curl -sI -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "http://$REGISTRY/v2/negotiate/manifests/legacy" | tr -d '\r' \
  | grep -i '^Docker-Content-Digest' > /tmp/legacy-digest.txt
