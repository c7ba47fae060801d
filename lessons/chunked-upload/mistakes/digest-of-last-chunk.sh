# expect: chunks whole blob
# The closing PUT names the digest of the last part, not of the whole layer.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(send_parts "$(open_upload)" part-*)
LAST=$(ls part-* | tail -n 1)
curl -s -X PUT -H "Content-Length: 0" "$LOCATION&digest=sha256:$(sha256sum "$LAST" | cut -d' ' -f1)"
