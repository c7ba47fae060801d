# expect: chunks 500 UNKNOWN
# A text type on a binary chunk: distribution answers 500 UNKNOWN.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(open_upload)
curl -s -X PATCH -H "Content-Type: text/plain" -H "Content-Range: 0-9999" --data-binary @part-00 "$LOCATION"
