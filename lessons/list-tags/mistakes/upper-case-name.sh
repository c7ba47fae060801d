# expect: list lower case
# The repository spelled with a capital: no route matches, and the plain-text 404 is saved instead of a tag list.
curl -s "http://$REGISTRY/v2/Acme/tags/list" > /tmp/acme-tags.json
