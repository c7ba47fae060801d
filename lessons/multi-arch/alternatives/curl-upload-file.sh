# passes: platforms index
# Blobs with curl -T (a PUT of the file, no form Content-Type), children tagged as well as by digest, index last.
# host: host-1
cd ~/platforms
for arch in amd64 arm64; do
  for file in $arch/layer.tar.gz $arch/config.json; do
    location=$(curl -si -X POST "$R/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
    curl -s -T $file "$location&digest=sha256:$(sha256sum $file | cut -d' ' -f1)"
  done
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$arch/manifest.json "$R/manifests/sha256:$(sha256sum $arch/manifest.json | cut -d' ' -f1)"
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$arch/manifest.json "$R/manifests/latest-$arch"
done
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "$R/manifests/latest"
