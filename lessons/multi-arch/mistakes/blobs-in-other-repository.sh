# expect: platforms belong to a repository
# Layers and configs go to "multi" (the repository of the first part), manifests to my/multi.
# host: host-1
cd ~/platforms
for arch in amd64 arm64; do
  R="http://$REGISTRY/v2/multi" push_blob $arch/layer.tar.gz
  R="http://$REGISTRY/v2/multi" push_blob $arch/config.json
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$arch/manifest.json "$R/manifests/sha256:$(sha256sum $arch/manifest.json | cut -d' ' -f1)"
done
