# passes: blobs manifest copy
# The PUTs are done in one loop over the manifest's own descriptors, and skopeo copies by digest
# (localhost:8081/my/app@sha256:…), which reads the manifest file named by its digest.
start_nginx
F=http://localhost:8081/v2/my/app
cd ~/image
for digest in $(jq -r '.config.digest, .layers[].digest' manifest.json); do
  for file in layer.tar.gz config.json; do
    [ "sha256:$(sha256sum $file | cut -d' ' -f1)" = "$digest" ] && curl -sf -o /dev/null -T $file $F/blobs/$digest
  done
done
DIGEST=sha256:$(sha256sum manifest.json | cut -d' ' -f1)
for ref in v1 $DIGEST; do curl -sf -o /dev/null -T manifest.json $F/manifests/$ref; done
echo '{"name": "my/app", "tags": ["v1"]}' | curl -sf -o /dev/null -T - $F/tags/list
skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:8081/my/app@$DIGEST docker://$REGISTRY/from-files/app:v1
