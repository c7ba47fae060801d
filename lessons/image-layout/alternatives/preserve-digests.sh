# passes: layout copy-back
# --preserve-digests makes skopeo refuse any change that would give the image another digest.
skopeo copy --src-tls-verify=false --preserve-digests docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
skopeo copy --dest-tls-verify=false --preserve-digests oci:$HOME/layout:v1 docker://$REGISTRY/mirror/app:v1
