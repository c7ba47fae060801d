# passes: manifest blobs rootfs
# skopeo copies the image into an OCI layout (its blobs/sha256 folder is inside /tmp/pulled), and umoci
# unpacks the root filesystem, applying whiteouts as a runtime does.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:/tmp/pulled:v1
umoci raw unpack --rootless --image /tmp/pulled:v1 ~/rootfs
