# expect: command Entrypoint alone
# Only the image's Entrypoint is written down; the Cmd's default arguments are forgotten.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
mkdir -p ~/bundle
umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
umoci raw runtime-config --image ~/layout:v1 --rootfs ~/bundle/rootfs ~/bundle/config.json
cd ~/layout
MANIFEST=$(jq -r '.manifests[0].digest' index.json)
CONFIG=$(jq -r .config.digest blobs/sha256/${MANIFEST#sha256:})
jq -r '.config.Entrypoint | join(" ")' blobs/sha256/${CONFIG#sha256:} > ~/command.txt
