# expect: digest not of the list
# HEAD with the Docker image type only: the digest is the amd64 child's, served in the list's place.
curl -sI -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "http://$REGISTRY/v2/negotiate/manifests/legacy" | tr -d '\r' \
  | sed -n 's/^Docker-Content-Digest: //p' > /tmp/legacy-digest.txt
