# task: formats
R=http://$REGISTRY/v2/negotiate/manifests
curl -sf -o /dev/null -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "$R/docker"
curl -sf -o /dev/null -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/oci"
curl -sf -o /dev/null -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi"
curl -sf -o /dev/null -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "$R/legacy"
# task: digest
curl -sI -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "http://$REGISTRY/v2/negotiate/manifests/legacy" | tr -d '\r' \
  | sed -n 's/^Docker-Content-Digest: //p' > /tmp/legacy-digest.txt
# task: platform
R=http://$REGISTRY/v2/negotiate/manifests
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "$R/multi" \
  | jq -r '.manifests[] | select(.platform.os == "linux" and .platform.architecture == "arm" and .platform.variant == "v7") | .digest')
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "$R/$CHILD" | jq -r .config.digest)
curl -sf -o /tmp/arm-v7-config.json "http://$REGISTRY/v2/negotiate/blobs/$CONFIG"
# task: challenge
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt)
IFS=/ read -r OS ARCH VARIANT <<< "$(sed -n 's/^platform: //p' ~/challenge.txt)"
CHILD=$(curl -s -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" "http://$REGISTRY/v2/$REPO/manifests/$TAG" \
  | jq -r --arg os "$OS" --arg arch "$ARCH" --arg variant "$VARIANT" \
    '.manifests[] | select(.platform.os == $os and .platform.architecture == $arch and (.platform.variant // "") == $variant) | .digest')
CONFIG=$(curl -s -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "http://$REGISTRY/v2/$REPO/manifests/$CHILD" | jq -r .config.digest)
curl -sf -o /tmp/challenge-config.json "http://$REGISTRY/v2/$REPO/blobs/$CONFIG"
