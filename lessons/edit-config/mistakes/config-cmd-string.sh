# expect: config config.Cmd
# Cmd written as one string, as in a Dockerfile's shell form; the config wants a list of arguments.
fetch_original my/app v1
jq '.config.Cmd = "--port 8080"' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
