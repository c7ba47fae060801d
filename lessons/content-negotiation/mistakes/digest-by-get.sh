# expect: digest no HEAD
# The right digest, computed from a downloaded manifest: correct, but it is what HEAD is for.
echo "sha256:$(curl -s -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "http://$REGISTRY/v2/negotiate/manifests/legacy" | sha256sum | cut -d' ' -f1)" > /tmp/legacy-digest.txt
