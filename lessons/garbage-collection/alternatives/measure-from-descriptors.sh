# passes: delete measure
# Measured from the descriptors' sizes (what the manifest says each blob weighs) instead of the files.
curl -s -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v1" > /tmp/v1.json
curl -s -H "$A" "http://$REGISTRY/v2/shop/web/manifests/v2" > /tmp/v2.json
shared=$(jq -r '.layers[].digest' /tmp/v2.json)
own=$(jq --arg shared "$shared" '[.config, .layers[]] | map(select(.digest as $d | ($shared | split("\n") | index($d)) | not)) | map(.size) | add' /tmp/v1.json)
echo $(( own + $(wc -c < /tmp/v1.json) )) > /tmp/v1-bytes.txt
curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/shop/web/manifests/$(digest_of shop/web v1)"
