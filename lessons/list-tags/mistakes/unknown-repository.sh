# expect: list knows no such repository
# A typo in the name: the registry's NAME_UNKNOWN answer is saved instead of a tag list.
curl -s "http://$REGISTRY/v2/acmee/tags/list" > /tmp/acme-tags.json
