# task: inspect
# host: host-2
curl -sf -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" \
  | jq -r '.manifests[] | select(.platform.architecture == "arm64") | .digest' > /tmp/multi-arm64.txt
cat /tmp/multi-arm64.txt
# task: platforms
cd ~/platforms
push_child amd64
push_child arm64
# task: index
cd ~/platforms
jq -n --argjson a "$(entry amd64)" --argjson b "$(entry arm64)" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' > /tmp/index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/index.json "http://$REGISTRY/v2/my/multi/manifests/latest"
# task: challenge
cd ~/challenge
R="http://$REGISTRY/v2/$(sed -n 's/^repository: //p' target.txt)"
echo '[]' > /tmp/entries.json
for dir in */; do
  dir=${dir%/}
  push_child $dir
  entry $dir | jq --argjson p "$(jq '{os, architecture}' $dir/config.json)" '.platform = $p' > /tmp/entry.json
  jq --slurpfile e /tmp/entry.json '. + $e' /tmp/entries.json > /tmp/entries.next && mv /tmp/entries.next /tmp/entries.json
done
jq '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' /tmp/entries.json > /tmp/challenge-index.json
curl -sf -o /dev/null -X PUT -H "Content-Type: application/vnd.oci.image.index.v1+json" --data-binary @/tmp/challenge-index.json "$R/manifests/$(sed -n 's/^tag: //p' target.txt)"
