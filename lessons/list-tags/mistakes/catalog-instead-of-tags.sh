# expect: list catalog
# The catalog lists repositories, not the tags of acme.
curl -s "http://$REGISTRY/v2/_catalog" > /tmp/acme-tags.json
