# expect: bundle runtime-spec
# The image config from blobs/ is copied in as the bundle's config.json: it is not a runtime configuration.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
mkdir -p ~/bundle
umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
cp "$(image_config)" ~/bundle/config.json
