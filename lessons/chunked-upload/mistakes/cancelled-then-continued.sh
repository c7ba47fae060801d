# expect: chunks you cancelled that upload with DELETE
# A DELETE to "undo" a chunk sent to the wrong place cancels the whole session; the next PATCH finds none.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(open_upload)
curl -s -X DELETE "$LOCATION"
send_parts "$LOCATION" part-*
