# expect: chunks &digest=
# The closing PUT adds ?digest= to a Location that already has ?_state=.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(send_parts "$(open_upload)" part-*)
curl -s -X PUT -H "Content-Length: 0" "$LOCATION?digest=sha256:$(sha256sum layer.tar.gz | cut -d' ' -f1)"
