# Shell functions the solution, mistakes and alternatives share (the content test defines them first).
# push_blob REPOSITORY FILE: a monolithic upload.
push_blob() {
  local digest="sha256:$(sha256sum "$2" | cut -d' ' -f1)" location
  location=$(curl -si -X POST "http://$REGISTRY/v2/$1/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
  curl -s -o /dev/null -w "%{http_code} $2\n" -X PUT -H "Content-Type: application/octet-stream" \
    --data-binary @"$2" "$location&digest=$digest"
}
# fetch_original REPOSITORY TAG: its manifest and config into ~/edit.
fetch_original() {
  mkdir -p ~/edit && cd ~/edit || return
  curl -s -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$1/manifests/$2"
  curl -s -o config.json "http://$REGISTRY/v2/$1/blobs/$(jq -r .config.digest manifest.json)"
}
# push_over_config REPOSITORY TAG CONFIG: the manifest in ~/edit, pointed at CONFIG, pushed as TAG.
push_over_config() {
  local digest="sha256:$(sha256sum "$3" | cut -d' ' -f1)"
  jq -c --arg digest "$digest" --argjson size "$(stat -c %s "$3")" '.config.digest = $digest | .config.size = $size' ~/edit/manifest.json > ~/edit/new-manifest.json
  curl -s -o /dev/null -w "%{http_code}\n" -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
    --data-binary @$HOME/edit/new-manifest.json "http://$REGISTRY/v2/$1/manifests/$2"
}
# edit_v2: the main tasks done as the text does them (new Cmd, new config blob, my/app:v2).
edit_v2() {
  fetch_original my/app v1
  jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
  push_blob my/app ~/new-config.json
  push_over_config my/app v2 ~/new-config.json
}
