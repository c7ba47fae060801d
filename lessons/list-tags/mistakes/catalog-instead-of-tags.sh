# expect: list catalog
# The catalog lists repositories, not the tags of acme.
# host: host-2
curl -s "http://$REGISTRY/v2/_catalog" > /tmp/acme-tags.json
