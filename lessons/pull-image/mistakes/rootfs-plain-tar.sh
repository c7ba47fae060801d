# expect: rootfs whiteout
# Every layer is extracted with plain tar: the whiteout marker lands as an empty file, the deleted file stays.
pull_into_tmp
mkdir -p ~/rootfs
for layer in $(jq -r '.layers[].digest | ltrimstr("sha256:") + ".tar.gz"' manifest.json); do
  tar -xzf "$layer" -C ~/rootfs
done
