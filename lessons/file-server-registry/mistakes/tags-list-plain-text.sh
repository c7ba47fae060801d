# expect: manifest is not JSON
# The tag list is written as plain text, one tag per line, like a directory listing.
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d" " -f1); done
curl -s -T manifest.json $F/manifests/v1
curl -s -T manifest.json $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo v1 | curl -s -T - $F/tags/list
