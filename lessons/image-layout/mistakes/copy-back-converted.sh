# expect: copy-back --format v2s2
# The copy back converts the manifest to Docker schema 2, so mirror/app:v1 is another digest.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
skopeo copy --format v2s2 --dest-tls-verify=false oci:$HOME/layout:v1 docker://$REGISTRY/mirror/app:v1
