# expect: chunks no parameters
# A parameter on the chunk's Content-Type: 2.8 compares the whole string and answers 500.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(open_upload)
curl -s -X PATCH -H "Content-Type: application/octet-stream; charset=binary" -H "Content-Range: 0-9999" --data-binary @part-00 "$LOCATION"
