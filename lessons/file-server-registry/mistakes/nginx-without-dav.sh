# expect: blobs dav_methods PUT
# nginx runs without the WebDAV line, so every PUT gets 405 and nothing is stored.
start_nginx '# no WebDAV here'
cd ~/image
for file in layer.tar.gz config.json; do
  curl -s -o /dev/null -w "%{http_code}\n" -T $file http://localhost:8081/v2/my/app/blobs/sha256:$(sha256sum $file | cut -d' ' -f1)
done
