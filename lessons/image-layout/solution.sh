# task: layout
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1

# task: find-layer
cd ~/layout
MANIFEST=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "v1") | .digest' index.json)
for digest in $(jq -r '.layers[].digest' blobs/sha256/${MANIFEST#sha256:}); do
  if tar -tzf blobs/sha256/${digest#sha256:} | grep -qx app/notes.txt; then echo "$digest"; fi
done > ~/layer-digest.txt

# task: bundle
mkdir -p ~/bundle
umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
umoci raw runtime-config --image ~/layout:v1 --rootfs ~/bundle/rootfs ~/bundle/config.json

# task: command
jq -r '.process.args | join(" ")' ~/bundle/config.json > ~/command.txt

# task: copy-back
skopeo copy --dest-tls-verify=false oci:$HOME/layout:v1 docker://$REGISTRY/mirror/app:v1

# task: challenge
image=$(sed -n 's/^Unpack \([^ ]*\) from.*/\1/p' ~/challenge.txt)
tag=${image##*:}
skopeo copy --src-tls-verify=false docker://$REGISTRY/$image oci:/tmp/challenge-layout:$tag
mkdir -p ~/challenge-bundle
umoci raw unpack --rootless --image /tmp/challenge-layout:$tag ~/challenge-bundle/rootfs
umoci raw runtime-config --image /tmp/challenge-layout:$tag --rootfs ~/challenge-bundle/rootfs ~/challenge-bundle/config.json
