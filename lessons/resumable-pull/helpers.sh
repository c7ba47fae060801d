# Shell functions the solution, mistakes and alternatives share (the content test defines them first).
# layer_digest IMAGE INDEX: the digest of a layer of repository:tag IMAGE (INDEX counted from 0).
layer_digest() {
  curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/${1%:*}/manifests/${1##*:}" | jq -r ".layers[$2].digest"
}
