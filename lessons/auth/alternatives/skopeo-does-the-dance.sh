# passes: pull
# skopeo meets the 401, reads the challenge, fetches the token and pulls: the raw manifest, byte for byte.
skopeo inspect --raw --tls-verify=false --creds "$REGISTRY_USER:$REGISTRY_PASSWORD" "docker://$REGISTRY/private/app:v1" > /tmp/v1.json
