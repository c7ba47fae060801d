# expect: push MANIFEST_BLOB_UNKNOWN
# Mounts and uploads the layers but forgets the config: the manifest PUT is refused.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do mount_blob "$DIGEST" team/app base/runtime; done
upload ~/app/blobs/sha256/"$(jq -r '.layers[3].digest' ~/app/manifest.json | cut -d: -f2)" team/app
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/app/manifest.json" "http://$REGISTRY/v2/team/app/manifests/1.0"
