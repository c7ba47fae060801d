# passes: push
# A chunked upload (POST, PATCH, PUT) with the token on every request; the scope read from the challenge.
scope=$(curl -si -X POST "http://$REGISTRY/v2/private/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ww]ww-[Aa]uthenticate: .*scope="\([^"]*\)".*/\1/p')
TOKEN=$(token_for "$scope")
location=$(curl -si -X POST -H "Authorization: Bearer $TOKEN" "http://$REGISTRY/v2/private/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
location=$(curl -si -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' --data-binary @"$HOME/notes.txt" "$location" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" "$location&digest=sha256:$(sha256sum < ~/notes.txt | cut -d' ' -f1)"
