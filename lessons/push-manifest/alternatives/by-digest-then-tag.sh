# passes: blobs manifest digest
# Blobs with curl -T, the manifest pushed by digest first and then tagged; the digest hashed from the file pushed byte for byte.
cd ~/image
for f in layer-1.tar.gz layer-2.tar.gz config.json; do
  location=$(curl -si -X POST "http://$REGISTRY/v2/my/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -sf -T "$f" "$location&digest=sha256:$(sha256sum "$f" | cut -d' ' -f1)"
done
DIGEST="sha256:$(sha256sum manifest.json | cut -d' ' -f1)"
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
echo "$DIGEST" > ~/manifest-digest.txt
