# passes: layout command
# skopeo reads the image config straight from the layout; Entrypoint and Cmd together are the command.
bundle_v1
skopeo inspect --config oci:$HOME/layout:v1 | jq -c '.config.Entrypoint + .config.Cmd' > ~/command.txt
