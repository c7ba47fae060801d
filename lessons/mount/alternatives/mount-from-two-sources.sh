# passes: mount
# The os layer is in base/tools as well: mounting it from there is just as good.
mount_blob "$(jq -r '.layers[0].digest' ~/app/manifest.json)" team/app base/tools
mount_blob "$(jq -r '.layers[1].digest' ~/app/manifest.json)" team/app base/runtime
