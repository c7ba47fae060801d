# expect: chunks unquoted URL
# The closing PUT's URL unquoted: the shell ends the command at "&", so the PUT goes without its digest.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LAST=$(ls part-* | tail -n 1)
LOCATION=$(send_parts "$(open_upload)" $(ls part-* | head -n -1))
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$LAST" $LOCATION&digest=sha256:$(sha256sum ~/layer.tar.gz | cut -d' ' -f1)
# A terminal would let the background PUT finish before the next command; a script has to wait for it.
wait
