# expect: manifest no longer the original
# The edited manifest is pushed as v1, so the old image loses its tag.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
push_over_config my/app v1 ~/new-config.json
