# expect: challenge no longer the original
# The challenge's edit is pushed over the image's own tag instead of the new one.
edit_v2
read -r _ image _ _ _ variable _ < ~/challenge.txt
repo=${image%:*}; tag=${image##*:}
fetch_original "$repo" "$tag"
jq --arg v "$variable" '.config.Env += [$v]' ~/edit/config.json > /tmp/challenge-config.json
push_blob "$repo" /tmp/challenge-config.json
push_over_config "$repo" "$tag" /tmp/challenge-config.json
