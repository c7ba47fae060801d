# task: unauthorized
curl -si "http://$REGISTRY/v2/private/app/tags/list" | tr -d '\r' | sed -n 's/^[Ww]ww-[Aa]uthenticate: //p' > /tmp/www-authenticate.txt
cat /tmp/www-authenticate.txt
# task: token
curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r .token > /tmp/pull-token.txt
# task: pull
TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r .token)
curl -sf -H "Authorization: Bearer $TOKEN" -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/private/app/manifests/v1" > /tmp/v1.json
# task: push
PUSH_TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull,push" | jq -r .token)
LOCATION=$(curl -si -X POST -H "Authorization: Bearer $PUSH_TOKEN" "http://$REGISTRY/v2/private/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
DIGEST=sha256:$(sha256sum < ~/notes.txt | cut -d' ' -f1)
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $PUSH_TOKEN" -H 'Content-Type: application/octet-stream' --data-binary @"$HOME/notes.txt" "$LOCATION&digest=$DIGEST"
# task: challenge
REPO=$(sed -n 's/^repository: //p' ~/challenge.txt)
PUSH_TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:$REPO:pull,push" | jq -r .token)
LOCATION=$(curl -si -X POST -H "Authorization: Bearer $PUSH_TOKEN" "http://$REGISTRY/v2/$REPO/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
DIGEST=sha256:$(sha256sum < ~/challenge.bin | cut -d' ' -f1)
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $PUSH_TOKEN" -H 'Content-Type: application/octet-stream' --data-binary @"$HOME/challenge.bin" "$LOCATION&digest=$DIGEST"
