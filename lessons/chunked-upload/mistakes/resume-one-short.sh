# expect: resume one fewer
# Range 0-N read as "N bytes", then one added twice: the first missing byte is skipped.
# host: host-1
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
tail -c +$((HAVE + 2)) ~/resume.tar.gz > /tmp/rest.bin
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
