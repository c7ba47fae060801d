# expect: command Entrypoint alone
# Only the image's Entrypoint is written down; the Cmd's default arguments are forgotten.
bundle_v1
jq -r '.config.Entrypoint | join(" ")' "$(image_config)" > ~/command.txt
