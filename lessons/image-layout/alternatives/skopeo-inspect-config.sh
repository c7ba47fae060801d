# passes: layout command
# skopeo reads the image config straight from the layout; Entrypoint and Cmd together are the command.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
mkdir -p ~/bundle
umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
umoci raw runtime-config --image ~/layout:v1 --rootfs ~/bundle/rootfs ~/bundle/config.json
skopeo inspect --config oci:$HOME/layout:v1 | jq -c '.config.Entrypoint + .config.Cmd' > ~/command.txt
