# passes: layout find-layer
# The layout built by hand with curl and jq, exactly as the image-spec describes it.
layout_by_hand 1.0.0
for blob in $(jq -r '.layers[].digest' /tmp/manifest.json); do
  if tar -tzf ~/layout/blobs/sha256/${blob#sha256:} | grep -q '^app/notes.txt$'; then echo "$blob" > ~/layer-digest.txt; fi
done
