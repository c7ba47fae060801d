# expect: config rootfs.diff_ids
# The diff_ids are "brought in line" with the manifest's layer digests: they are hashes of other bytes.
fetch_original my/app v1
jq --argjson layers "$(jq -c '[.layers[].digest]' ~/edit/manifest.json)" \
  '.config.Cmd = ["--port", "8080"] | .rootfs.diff_ids = $layers' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
