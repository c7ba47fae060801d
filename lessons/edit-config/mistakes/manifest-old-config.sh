# expect: manifest original config
# The new config is uploaded, but the manifest is pushed as v2 without pointing it at the new config.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/edit/manifest.json "http://$REGISTRY/v2/my/app/manifests/v2"
