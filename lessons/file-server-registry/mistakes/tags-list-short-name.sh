# expect: manifest the whole repository name
# The tag list names the repository "app" instead of "my/app".
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d" " -f1); done
curl -s -T manifest.json $F/manifests/v1
curl -s -T manifest.json $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo '{"name": "app", "tags": ["v1"]}' | curl -s -T - $F/tags/list
