# expect: resume one more than
# An off-by-one PUT, then the right bytes retried on the same (now dead) upload: the first cause is what to fix, not "the whole file".
# host: host-1
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
DIGEST="sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
tail -c +$HAVE ~/resume.tar.gz > /tmp/rest.bin
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=$DIGEST"
tail -c +$((HAVE + 1)) ~/resume.tar.gz > /tmp/rest.bin
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=$DIGEST"
