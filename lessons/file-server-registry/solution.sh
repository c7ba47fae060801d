# task: blobs
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do
  curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d' ' -f1)
done
# task: manifest
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
curl -sf -o /dev/null -T manifest.json $F/manifests/v1
curl -sf -o /dev/null -T manifest.json $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo '{"name": "my/app", "tags": ["v1"]}' | curl -sf -o /dev/null -T - $F/tags/list
# task: copy
start_nginx
skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:8081/my/app:v1 docker://$REGISTRY/from-files/app:v1
# task: challenge
start_nginx
IMAGE=$(sed -n 's/^Publish the image in ~\/extra on your file server as \([^,]*\),.*/\1/p' ~/challenge.txt)
F=http://localhost:8081/v2/${IMAGE%:*}
cd ~/extra
for file in layer.tar.gz config.json; do
  curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d' ' -f1)
done
curl -sf -o /dev/null -T manifest.json $F/manifests/${IMAGE##*:}
jq -n --arg name "${IMAGE%:*}" --arg tag "${IMAGE##*:}" '{name: $name, tags: [$tag]}' | curl -sf -o /dev/null -T - $F/tags/list
skopeo inspect --tls-verify=false docker://localhost:8081/$IMAGE > /dev/null
