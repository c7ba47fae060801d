# expect: challenge not the command
# my/app is unpacked properly, but its config.json is copied into the challenge bundle.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
mkdir -p ~/bundle ~/challenge-bundle
umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
umoci raw runtime-config --image ~/layout:v1 --rootfs ~/bundle/rootfs ~/bundle/config.json
image=$(sed -n 's/^Unpack \([^ ]*\) from.*/\1/p' ~/challenge.txt)
skopeo copy --src-tls-verify=false docker://$REGISTRY/$image oci:$HOME/layout:challenge
umoci raw unpack --rootless --image ~/layout:challenge ~/challenge-bundle/rootfs
cp ~/bundle/config.json ~/challenge-bundle/config.json
