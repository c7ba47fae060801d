# expect: push uploaded again
# Mounts the base layers, then uploads every other blob, the deps layer that team/app already had included.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do mount_blob "$DIGEST" team/app base/runtime; done
for DIGEST in $(jq -r '.config.digest, .layers[2:][].digest' ~/app/manifest.json); do upload ~/app/blobs/sha256/${DIGEST#sha256:} team/app; done
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/app/manifest.json" "http://$REGISTRY/v2/team/app/manifests/1.0"
