# expect: unauthorized no scope
# The challenge of GET /v2/ is saved: it has no scope, because /v2/ needs no repository.
curl -si "http://$REGISTRY/v2/" | tr -d '\r' | sed -n 's/^[Ww]ww-[Aa]uthenticate: //p' > /tmp/www-authenticate.txt
