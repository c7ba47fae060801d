# passes: config manifest digest
# The new manifest is pushed by its digest first (untagged), then tagged v2 with a second PUT of the same bytes.
fetch_original my/app v1
jq '.config.Cmd = ["--port", "8080"]' ~/edit/config.json > ~/new-config.json
push_blob my/app ~/new-config.json
jq -c --arg d "sha256:$(sha256sum ~/new-config.json | cut -d' ' -f1)" --argjson s "$(stat -c %s ~/new-config.json)" \
  '.config.digest = $d | .config.size = $s' ~/edit/manifest.json > ~/edit/new-manifest.json
digest="sha256:$(sha256sum ~/edit/new-manifest.json | cut -d' ' -f1)"
for reference in "$digest" v2; do
  curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @$HOME/edit/new-manifest.json "http://$REGISTRY/v2/my/app/manifests/$reference"
done
echo "$digest" > ~/new-digest.txt
