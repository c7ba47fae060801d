# expect: list HTTP headers
# curl -i writes the status line and headers into the saved file.
curl -si "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
