# expect: same-as-latest not in the file
# Only latest written: the other tags on its digest are missing.
curl -s "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
echo latest > /tmp/same-as-latest.txt
