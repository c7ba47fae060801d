# expect: unauthorized scope names
# A typo in the repository: the challenge names repository:private/apps:pull.
curl -si "http://$REGISTRY/v2/private/apps/tags/list" | tr -d '\r' | sed -n 's/^[Ww]ww-[Aa]uthenticate: //p' > /tmp/www-authenticate.txt
