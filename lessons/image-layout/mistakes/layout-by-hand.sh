# expect: layout imageLayoutVersion
# A layout assembled by hand with curl: blobs and index.json are right, but the marker says "1.0".
mkdir -p ~/layout/blobs/sha256 && cd ~/layout
accept="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$accept" "http://$REGISTRY/v2/my/app/manifests/v1" > /tmp/manifest.json
digest="sha256:$(sha256sum /tmp/manifest.json | cut -d' ' -f1)"
cp /tmp/manifest.json blobs/sha256/${digest#sha256:}
for blob in $(jq -r '.config.digest, .layers[].digest' /tmp/manifest.json); do
  curl -s -o blobs/sha256/${blob#sha256:} "http://$REGISTRY/v2/my/app/blobs/$blob"
done
jq -n --arg d "$digest" --argjson s "$(stat -c %s /tmp/manifest.json)" \
  '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": "v1"}}]}' > index.json
echo '{"imageLayoutVersion": "1.0"}' > oci-layout
