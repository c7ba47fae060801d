# expect: challenge schema 1
# Reads the challenge's Docker manifest list as if it were an OCI index: 2.8 answers with its amd64 child rewritten as schema 1, and the steps after it fetch nothing.
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt)
IFS=/ read -r OS ARCH VARIANT <<< "$(sed -n 's/^platform: //p' ~/challenge.txt)"
CHILD=$(curl -s -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/$REPO/manifests/$TAG" \
  | jq -r --arg os "$OS" --arg arch "$ARCH" '.manifests[] | select(.platform.os == $os and .platform.architecture == $arch) | .digest')
CONFIG=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$REPO/manifests/$CHILD" | jq -r .config.digest)
curl -s -o /tmp/challenge-config.json "http://$REGISTRY/v2/$REPO/blobs/$CONFIG"
