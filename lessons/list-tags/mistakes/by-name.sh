# expect: same-as-latest not latest’s
# Every tag written: tag names say nothing about which manifest they point at.
curl -s "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
jq -r '.tags[]' /tmp/acme-tags.json > /tmp/same-as-latest.txt
