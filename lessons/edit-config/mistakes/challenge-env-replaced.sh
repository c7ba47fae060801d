# expect: challenge config.Env
# The challenge's variable replaces the whole Env list instead of joining it.
edit_v2
read -r _ image _ _ _ variable _ < ~/challenge.txt
repo=${image%:*}; tag=${image##*:}
new=$(sed -n 's/.* as [^:]*:\([^ ]*\)$/\1/p' ~/challenge.txt)
fetch_original "$repo" "$tag"
jq --arg v "$variable" '.config.Env = [$v]' ~/edit/config.json > /tmp/challenge-config.json
push_blob "$repo" /tmp/challenge-config.json
push_over_config "$repo" "$new" /tmp/challenge-config.json
