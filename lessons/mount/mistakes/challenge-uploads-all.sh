# expect: challenge went over the wire again
# Pushes the challenge image by uploading every blob: it works, but the shared layers are sent again.
cd ~/challenge
TARGET=$(sed -n 's/^repository: //p' target.txt)
for DIGEST in $(jq -r '.config.digest, .layers[].digest' manifest.json); do upload blobs/sha256/${DIGEST#sha256:} "$TARGET"; done
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/$TARGET/manifests/$(sed -n 's/^tag: //p' target.txt)"
