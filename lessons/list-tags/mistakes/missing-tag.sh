# expect: list missing
# Only the first two tags, as if ?n=2 had worked: distribution 2.8 ignores n, and the list is incomplete.
curl -s "http://$REGISTRY/v2/acme/tags/list?n=2" | jq '{name, tags: .tags[:2]}' > /tmp/acme-tags.json
