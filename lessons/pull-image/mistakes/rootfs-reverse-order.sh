# expect: rootfs manifest's order
# The layers are unpacked top layer first (whiteouts applied), so the base layer's files win over later versions.
pull_into_tmp
mkdir -p ~/rootfs
for digest in $(jq -r '.layers | reverse | .[].digest' manifest.json); do
  layer="${digest#sha256:}.tar.gz"
  tar -tzf "$layer" | grep '\.wh\.' | sed 's/\.wh\.//' | while read -r gone; do rm -f ~/rootfs/"$gone"; done
  tar -xzf "$layer" -C ~/rootfs --exclude='.wh.*'
done
