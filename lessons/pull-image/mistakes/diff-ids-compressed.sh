# expect: diff-ids compressed
# The diff_ids are computed from the .tar.gz files as they are: those are the layer digests again.
pull_into_tmp
for layer in $(jq -r '.layers[].digest | ltrimstr("sha256:") + ".tar.gz"' manifest.json); do
  echo "sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
done > ~/diff-ids.txt
