# expect: mount You mounted it into
# Swaps the two repositories: asks base/runtime to receive the blobs from team/app.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do
  mount_blob "$DIGEST" base/runtime team/app
done
