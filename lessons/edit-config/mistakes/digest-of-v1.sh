# expect: digest original image
# The HEAD asks for v1 instead of v2, so the old image's digest is saved.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
push_over_config my/app v2 ~/new-config.json
curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" \
  | tr -d '\r' | sed -n 's/^docker-content-digest: //Ip' > ~/new-digest.txt
