# expect: list missing
# Asking for ?n=0 and saving an empty list, as the spec says a registry must answer; 2.8 sends every tag, and the learner trusted the spec instead.
curl -s "http://$REGISTRY/v2/acme/tags/list?n=0" > /dev/null
echo '{"name":"acme","tags":[]}' > /tmp/acme-tags.json
