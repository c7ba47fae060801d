# expect: manifest same layers
# Thinking only the app layer matters, the edited manifest keeps just the last layer.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
jq -c --arg d "sha256:$(sha256sum ~/new-config.json | cut -d' ' -f1)" --argjson s "$(stat -c %s ~/new-config.json)" \
  '.config.digest = $d | .config.size = $s | .layers = [.layers[-1]]' ~/edit/manifest.json > ~/edit/new-manifest.json
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/edit/new-manifest.json "http://$REGISTRY/v2/my/app/manifests/v2"
