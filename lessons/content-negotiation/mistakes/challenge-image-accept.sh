# expect: challenge picked linux/amd64
# Asks the challenge tag with the Docker image type only: the registry hands over its amd64 child, whose config is saved.
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
TAG=$(sed -n 's/^tag: //p' ~/challenge.txt)
CONFIG=$(curl -s -H "Accept: application/vnd.docker.distribution.manifest.v2+json" "http://$REGISTRY/v2/$REPO/manifests/$TAG" | jq -r .config.digest)
curl -s -o /tmp/challenge-config.json "http://$REGISTRY/v2/$REPO/blobs/$CONFIG"
