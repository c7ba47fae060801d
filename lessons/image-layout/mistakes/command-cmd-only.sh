# expect: command Cmd alone
# Only the image's Cmd is written down, as if it were the whole command.
bundle_v1
jq -r '.config.Cmd | join(" ")' "$(image_config)" > ~/command.txt
