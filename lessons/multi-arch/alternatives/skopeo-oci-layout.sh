# passes: platforms index
# An OCI image layout built from the files (blobs named by digest, an index over the children), copied whole by skopeo.
# host: host-1
cd ~/platforms
L=/tmp/layout
mkdir -p $L/blobs/sha256
echo '{"imageLayoutVersion": "1.0.0"}' > $L/oci-layout
for file in */layer.tar.gz */config.json */manifest.json; do cp $file $L/blobs/sha256/$(sha256sum $file | cut -d' ' -f1); done
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
cp /tmp/index.json $L/blobs/sha256/$(sha256sum /tmp/index.json | cut -d' ' -f1)
jq -n --arg d "sha256:$(sha256sum /tmp/index.json | cut -d' ' -f1)" --argjson s "$(stat -c %s /tmp/index.json)" \
  '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": "latest"}}]}' > $L/index.json
skopeo copy --all --preserve-digests --dest-tls-verify=false oci:$L:latest "docker://$REGISTRY/my/multi:latest"
