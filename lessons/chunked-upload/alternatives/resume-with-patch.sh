# passes: resume challenge
# Resume by PATCHing the rest and closing with an empty PUT; the challenge in three PATCHes of whatever is left.
# host: host-1
STATUS=$(curl -si "$(cat ~/upload-location.txt)" | tr -d '\r')
HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
SIZE=$(stat -c %s ~/resume.tar.gz)
tail -c +$((HAVE + 1)) ~/resume.tar.gz > /tmp/rest.bin
LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $HAVE-$((SIZE - 1))" --data-binary @/tmp/rest.bin "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
curl -s -X PUT "$LOCATION&digest=sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
cd ~/challenge
LOCATION=$(cat location.txt)
SIZE=$(stat -c %s blob.tar.gz)
for i in 1 2 3; do
  STATUS=$(curl -si "$LOCATION" | tr -d '\r')
  HAVE=$(( $(echo "$STATUS" | sed -n 's/^Range: 0-//p') + 1 ))
  LOCATION=$(echo "$STATUS" | sed -n 's/^Location: //p')
  COUNT=$(( i == 3 ? SIZE - HAVE : (SIZE - HAVE) / 2 ))
  tail -c +$((HAVE + 1)) blob.tar.gz | head -c $COUNT > /tmp/piece.bin
  LOCATION=$(curl -si -X PATCH -H "Content-Type: application/octet-stream" -H "Content-Range: $HAVE-$((HAVE + COUNT - 1))" --data-binary @/tmp/piece.bin "$LOCATION" | tr -d '\r' | sed -n 's/^Location: //p')
done
curl -s -X PUT "$LOCATION&digest=sha256:$(sha256sum blob.tar.gz | cut -d' ' -f1)"
