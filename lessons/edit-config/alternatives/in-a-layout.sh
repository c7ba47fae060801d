# passes: config manifest digest
# The edit made in an OCI layout: new blobs in blobs/sha256, index.json's "v2" entry pointed at the new
# manifest, then skopeo copies the layout's v2 to the registry.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
cd ~/layout
old=$(jq -r '.manifests[0].digest' index.json)
config=$(jq -r .config.digest blobs/sha256/${old#sha256:})
jq '.config.Cmd = ["--port", "8080"]' blobs/sha256/${config#sha256:} > ~/new-config.json
cdigest="sha256:$(sha256sum ~/new-config.json | cut -d' ' -f1)"
cp ~/new-config.json blobs/sha256/${cdigest#sha256:}
jq -c --arg d "$cdigest" --argjson s "$(stat -c %s ~/new-config.json)" '.config.digest = $d | .config.size = $s' blobs/sha256/${old#sha256:} > /tmp/new-manifest.json
mdigest="sha256:$(sha256sum /tmp/new-manifest.json | cut -d' ' -f1)"
cp /tmp/new-manifest.json blobs/sha256/${mdigest#sha256:}
jq --arg d "$mdigest" --argjson s "$(stat -c %s /tmp/new-manifest.json)" \
  '.manifests += [.manifests[0] | .digest = $d | .size = $s | .annotations["org.opencontainers.image.ref.name"] = "v2"]' index.json > /tmp/index.json
cp /tmp/index.json index.json
skopeo copy --dest-tls-verify=false oci:$HOME/layout:v2 docker://$REGISTRY/my/app:v2
echo "$mdigest" > ~/new-digest.txt
