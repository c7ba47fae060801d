# Shell functions the mistakes and alternatives share (the content test defines them first).
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
# save_lists: the sorted blob digests (config and layers) of v1 and v2, in /tmp/v1.txt and /tmp/v2.txt.
save_lists() {
  curl -s -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
  curl -s -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
}
# delete_v1_manifest: v1's digest from a HEAD, then DELETE the manifest by digest.
delete_v1_manifest() {
  local digest
  digest=$(curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
  curl -s -X DELETE "$R/manifests/$digest"
}
