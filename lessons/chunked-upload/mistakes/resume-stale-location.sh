# expect: resume stale
# The rest in two parts, but the second goes to the Location the first PATCH was sent to, not the one it returned.
# host: host-1
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
tail -c +$((HAVE + 1)) ~/resume.tar.gz | head -c 4000 > /tmp/middle.bin
tail -c +$((HAVE + 4001)) ~/resume.tar.gz > /tmp/end.bin
curl -s -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $HAVE-$((HAVE + 3999))" --data-binary @/tmp/middle.bin "$LOCATION"
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/end.bin "$LOCATION&digest=sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
