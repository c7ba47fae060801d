# expect: diff-ids not in order
# The right digests, but listed top layer first, the way `docker history` shows them.
pull_into_tmp
for layer in $(jq -r '.layers | reverse | .[].digest | ltrimstr("sha256:") + ".tar.gz"' manifest.json); do
  echo "sha256:$(gunzip -c "$layer" | sha256sum | cut -d' ' -f1)"
done > ~/diff-ids.txt
