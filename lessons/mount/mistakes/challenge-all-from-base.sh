# expect: challenge has no blob
# Mounts every challenge layer from base/runtime without looking: the tools layer is only in base/tools.
cd ~/challenge
TARGET=$(sed -n 's/^repository: //p' target.txt)
for DIGEST in $(jq -r '.layers[].digest' manifest.json); do mount_blob "$DIGEST" "$TARGET" base/runtime; done
