# Shell functions the mistakes share (the content test defines them first).
# pull_into_tmp: my/app:v1's manifest, config and layers into /tmp/pulled, the layers as <hex>.tar.gz.
pull_into_tmp() {
  mkdir -p /tmp/pulled && cd /tmp/pulled || return
  curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"
  curl -s -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
  for digest in $(jq -r '.layers[].digest' manifest.json); do
    curl -s -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
  done
}
# unpack_layers ROOT: the layers of /tmp/pulled/manifest.json into ROOT, in order, whiteouts applied.
unpack_layers() {
  mkdir -p "$1"
  for digest in $(jq -r '.layers[].digest' /tmp/pulled/manifest.json); do
    local layer="/tmp/pulled/${digest#sha256:}.tar.gz" marker name
    for marker in $(tar -tzf "$layer" | grep '\.wh\.'); do
      name=$(basename "$marker"); rm -rf "$1/$(dirname "$marker")/${name#.wh.}"
    done
    tar -xzf "$layer" -C "$1" --exclude='.wh.*'
  done
}
