# expect: challenge does not include
# The challenge image goes up, but the tag list copied from my/app still names v1 only.
start_nginx
IMAGE=$(sed -n 's/^Publish the image in ~\/extra on your file server as \([^,]*\),.*/\1/p' ~/challenge.txt)
F=http://localhost:8081/v2/${IMAGE%:*}
cd ~/extra
for file in layer.tar.gz config.json; do curl -s -T $file $F/blobs/sha256:$(sha256sum $file | cut -d' ' -f1); done
curl -s -T manifest.json $F/manifests/${IMAGE##*:}
jq -n --arg name "${IMAGE%:*}" '{name: $name, tags: ["v1"]}' | curl -s -T - $F/tags/list
