# expect: challenge its config says
# The challenge's index is built with the lesson's two architectures instead of the ones in each config.json.
# host: host-1
cd ~/challenge
R="http://$REGISTRY/v2/$(sed -n 's/^repository: //p' target.txt)"
TAG=$(sed -n 's/^tag: //p' target.txt)
set -- */
first=${1%/}; second=${2%/}
push_child $first; push_child $second
jq -n --argjson a "$(entry $first | jq '.platform.architecture = "amd64"')" --argjson b "$(entry $second | jq '.platform.architecture = "arm64"')" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/$TAG"
