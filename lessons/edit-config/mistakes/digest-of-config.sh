# expect: digest config
# The digest written down is the new config's, not the new manifest's.
edit_v2
echo "sha256:$(sha256sum ~/new-config.json | cut -d' ' -f1)" > ~/new-digest.txt
