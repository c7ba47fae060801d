# expect: find-layer another layer
# The test is written backwards (|| for &&): it keeps the first layer that does NOT hold app/notes.txt.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
cd ~/layout
MANIFEST=$(jq -r '.manifests[0].digest' index.json)
for digest in $(jq -r '.layers[].digest' blobs/sha256/${MANIFEST#sha256:}); do
  tar -tzf blobs/sha256/${digest#sha256:} | grep -qx app/notes.txt || { echo "$digest" > ~/layer-digest.txt; break; }
done
