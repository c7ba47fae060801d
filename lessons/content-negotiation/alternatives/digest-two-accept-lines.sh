# passes: digest
# Two Accept header lines instead of one comma-separated list: distribution reads both.
curl -sI -H "Accept: application/vnd.oci.image.index.v1+json" -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" \
  "http://$REGISTRY/v2/negotiate/manifests/legacy" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }' > /tmp/legacy-digest.txt
