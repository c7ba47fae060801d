# expect: layout format conversion
# The copy converts the image to a Docker schema 2 manifest: the layout names another digest.
skopeo copy --format v2s2 --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
