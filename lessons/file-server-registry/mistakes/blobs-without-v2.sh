# expect: blobs the URL needs the /v2/ prefix
# The URLs leave out /v2/, so the files land beside the registry scheme instead of in it.
start_nginx
cd ~/image
for file in layer.tar.gz config.json; do
  curl -s -T $file http://localhost:8081/my/app/blobs/sha256:$(sha256sum $file | cut -d' ' -f1)
done
