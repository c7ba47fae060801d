# expect: blobs a blob URL ends in the full digest
# The blobs go up under their bare hex digest, without the sha256: algorithm prefix.
start_nginx
cd ~/image
for file in layer.tar.gz config.json; do
  curl -s -T $file http://localhost:8081/v2/my/app/blobs/$(sha256sum $file | cut -d' ' -f1)
done
