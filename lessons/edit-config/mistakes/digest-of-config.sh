# expect: digest config
# The digest written down is the new config's, not the new manifest's.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
push_over_config my/app v2 ~/new-config.json
echo "sha256:$(sha256sum ~/new-config.json | cut -d' ' -f1)" > ~/new-digest.txt
