# passes: layout find-layer
# The layout built by hand with curl and jq, exactly as the image-spec describes it.
mkdir -p ~/layout/blobs/sha256 && cd ~/layout
curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" > /tmp/manifest.json
digest="sha256:$(sha256sum /tmp/manifest.json | cut -d' ' -f1)"
cp /tmp/manifest.json blobs/sha256/${digest#sha256:}
for blob in $(jq -r '.config.digest, .layers[].digest' /tmp/manifest.json); do
  curl -s -o blobs/sha256/${blob#sha256:} "http://$REGISTRY/v2/my/app/blobs/$blob"
done
jq -n --arg d "$digest" --argjson s "$(stat -c %s /tmp/manifest.json)" \
  '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": "v1"}}]}' > index.json
echo '{"imageLayoutVersion": "1.0.0"}' > oci-layout
for blob in $(jq -r '.layers[].digest' /tmp/manifest.json); do
  if tar -tzf blobs/sha256/${blob#sha256:} | grep -q '^app/notes.txt$'; then echo "$blob" > ~/layer-digest.txt; fi
done
