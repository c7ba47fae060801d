# expect: layout ref.name
# The layout destination has no ":v1", so skopeo names the image in index.json differently.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout
