# expect: list does not have
# A tag list with a tag typed by hand that the registry does not have in acme.
curl -s "http://$REGISTRY/v2/acme/tags/list" | jq '.tags + ["v9.9.9"]' > /tmp/acme-tags.json
