# expect: push exact bytes
# The manifest goes through jq -c on its way: the same content in other bytes is another manifest with another digest.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do mount_blob "$DIGEST" team/app base/runtime; done
upload ~/app/blobs/sha256/"$(jq -r '.layers[3].digest' ~/app/manifest.json | cut -d: -f2)" team/app
upload ~/app/config.json team/app
jq -c . ~/app/manifest.json | curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @- "http://$REGISTRY/v2/team/app/manifests/1.0"
