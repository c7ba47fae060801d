# Shell functions the mistakes and alternatives share (the content test defines them first).
# layout_by_hand VERSION: my/app:v1 as an OCI layout in ~/layout, built with curl and jq; VERSION goes into oci-layout.
layout_by_hand() {
  mkdir -p ~/layout/blobs/sha256 && cd ~/layout || return
  curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" > /tmp/manifest.json
  local digest="sha256:$(sha256sum /tmp/manifest.json | cut -d' ' -f1)" blob
  cp /tmp/manifest.json blobs/sha256/${digest#sha256:}
  for blob in $(jq -r '.config.digest, .layers[].digest' /tmp/manifest.json); do
    curl -s -o blobs/sha256/${blob#sha256:} "http://$REGISTRY/v2/my/app/blobs/$blob"
  done
  jq -n --arg d "$digest" --argjson s "$(stat -c %s /tmp/manifest.json)" \
    '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": "v1"}}]}' > index.json
  echo "{\"imageLayoutVersion\": \"$1\"}" > oci-layout
}
# bundle_v1: my/app:v1 copied into ~/layout and unpacked into the bundle ~/bundle, as the text does.
bundle_v1() {
  skopeo copy --src-tls-verify=false docker://$REGISTRY/my/app:v1 oci:$HOME/layout:v1
  mkdir -p ~/bundle
  umoci raw unpack --rootless --image ~/layout:v1 ~/bundle/rootfs
  umoci raw runtime-config --image ~/layout:v1 --rootfs ~/bundle/rootfs ~/bundle/config.json
}
# image_config: the path of my/app:v1's image config blob in ~/layout.
image_config() {
  local manifest config
  manifest=$(jq -r '.manifests[0].digest' ~/layout/index.json)
  config=$(jq -r .config.digest ~/layout/blobs/sha256/${manifest#sha256:})
  echo ~/layout/blobs/sha256/${config#sha256:}
}
