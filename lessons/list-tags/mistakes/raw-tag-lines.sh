# expect: list one tag name per line
# jq -r writes the tags as plain lines: readable, but no longer JSON.
curl -s "http://$REGISTRY/v2/acme/tags/list" | jq -r '.tags[]' > /tmp/acme-tags.json
