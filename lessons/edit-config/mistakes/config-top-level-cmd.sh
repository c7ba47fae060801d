# expect: config top-level
# jq sets Cmd at the top of the document instead of under "config", where a runtime reads it.
fetch_original my/app v1
jq '.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
