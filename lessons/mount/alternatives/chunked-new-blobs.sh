# passes: mount push
# Mounts the base, then sends the new layer in two PATCH chunks and the config in one PUT.
for DIGEST in $(jq -r '.layers[0:2][].digest' ~/app/manifest.json); do mount_blob "$DIGEST" team/app base/runtime; done
LAYER=~/app/blobs/sha256/$(jq -r '.layers[3].digest' ~/app/manifest.json | cut -d: -f2)
SIZE=$(stat -c %s "$LAYER")
HALF=$((SIZE / 2))
LOCATION=$(curl -si -X POST -H "Content-Length: 0" "http://$REGISTRY/v2/team/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')
LOCATION=$(head -c $HALF "$LAYER" | curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: 0-$((HALF - 1))" --data-binary @- "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
LOCATION=$(tail -c +$((HALF + 1)) "$LAYER" | curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $HALF-$((SIZE - 1))" --data-binary @- "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
curl -sf -o /dev/null -X PUT -H "Content-Length: 0" "$LOCATION&digest=sha256:$(sha256sum "$LAYER" | cut -d' ' -f1)"
upload ~/app/config.json team/app
curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$HOME/app/manifest.json" "http://$REGISTRY/v2/team/app/manifests/1.0"
