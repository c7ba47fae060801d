# expect: chunks carried no digest
# Every chunk sent, but the closing PUT forgets &digest=.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(send_parts "$(open_upload)" part-*)
curl -s -X PUT -H "Content-Length: 0" "$LOCATION"
