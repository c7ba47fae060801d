# expect: challenge at least 2 chunks
# The challenge's upload finished like the lesson's: the whole rest in one closing PUT.
# host: host-1
cd ~/challenge
STATUS=$(curl -si "$(cat location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
tail -c +$((HAVE + 1)) blob.tar.gz > /tmp/rest.bin
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @/tmp/rest.bin "$LOCATION&digest=sha256:$(sha256sum blob.tar.gz | cut -d' ' -f1)"
