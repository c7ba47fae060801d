# expect: rootfs marker
# The whiteout is applied, but the .wh. marker files are extracted and left in the filesystem.
pull_into_tmp
mkdir -p ~/rootfs
for layer in $(jq -r '.layers[].digest | ltrimstr("sha256:") + ".tar.gz"' manifest.json); do
  tar -xzf "$layer" -C ~/rootfs
  tar -tzf "$layer" | grep '\.wh\.' | sed 's/\.wh\.//' | while read -r gone; do rm -f ~/rootfs/"$gone"; done
done
