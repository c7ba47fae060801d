# expect: copy the lesson asks for
# The copy goes to my/app in the registry instead of from-files/app.
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d" " -f1); done
curl -sf -o /dev/null -T manifest.json $F/manifests/v1
curl -sf -o /dev/null -T manifest.json $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo '{"name": "my/app", "tags": ["v1"]}' | curl -sf -o /dev/null -T - $F/tags/list
skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:8081/my/app:v1 docker://$REGISTRY/my/app:v1
