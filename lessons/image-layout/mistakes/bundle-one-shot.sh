# expect: bundle not an OCI runtime configuration
# umoci unpack --rootless stops on the missing /etc/resolv.conf and leaves an empty config.json behind.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
umoci unpack --rootless --image ~/layout:v1 ~/bundle
