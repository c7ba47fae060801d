# expect: chunks already finished that upload
# Each chunk "closed" with its own digest: the first PUT finishes the session, the next chunk finds it gone.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(open_upload)
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @part-00 "$LOCATION&digest=sha256:$(sha256sum part-00 | cut -d' ' -f1)"
send_parts "$LOCATION" part-0[1-9]
