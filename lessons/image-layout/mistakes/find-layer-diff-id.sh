# expect: find-layer diff_id
# The digest is taken from the config's rootfs.diff_ids: the uncompressed hash, not the layer's name.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
cd ~/layout
MANIFEST=$(jq -r '.manifests[0].digest' index.json)
CONFIG=$(jq -r .config.digest blobs/sha256/${MANIFEST#sha256:})
i=0
for digest in $(jq -r '.layers[].digest' blobs/sha256/${MANIFEST#sha256:}); do
  tar -tzf blobs/sha256/${digest#sha256:} | grep -qx app/notes.txt && jq -r ".rootfs.diff_ids[$i]" blobs/sha256/${CONFIG#sha256:} > ~/layer-digest.txt
  i=$((i + 1))
done
