# expect: challenge not the command
# my/app is unpacked properly, but its config.json is copied into the challenge bundle.
bundle_v1
image=$(sed -n 's/^Unpack \([^ ]*\) from.*/\1/p' ~/challenge.txt)
skopeo copy --src-tls-verify=false docker://$REGISTRY/$image oci:$HOME/layout:challenge
mkdir -p ~/challenge-bundle
umoci raw unpack --rootless --image ~/layout:challenge ~/challenge-bundle/rootfs
cp ~/bundle/config.json ~/challenge-bundle/config.json
