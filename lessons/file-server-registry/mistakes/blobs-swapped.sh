# expect: blobs a file server keeps whatever you PUT
# Layer and config are uploaded under each other's digest; nginx stores both without a word.
start_nginx
cd ~/image
F=http://localhost:8081/v2/my/app
curl -s -T layer.tar.gz $F/blobs/sha256:$(sha256sum config.json | cut -d' ' -f1)
curl -s -T config.json $F/blobs/sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)
