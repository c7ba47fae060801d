# passes: manifest blobs
# skopeo pulls into a "dir:" folder: the manifest as manifest.json, every blob under its hex digest.
skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 dir:/tmp/pulled
