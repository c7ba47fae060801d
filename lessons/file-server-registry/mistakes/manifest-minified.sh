# expect: manifest reformatting JSON changes the digest
# The manifest is minified with jq -c on the way, so the bytes (and the digest) change.
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d" " -f1); done
jq -c . manifest.json | curl -s -T - $F/manifests/v1
jq -c . manifest.json | curl -s -T - $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo '{"name": "my/app", "tags": ["v1"]}' | curl -s -T - $F/tags/list
