# expect: push without a valid token
# The POST carries the token, the PUT to the Location does not.
PUSH_TOKEN=$(token_for repository:private/app:pull,push)
location=$(curl -si -X POST -H "Authorization: Bearer $PUSH_TOKEN" "http://$REGISTRY/v2/private/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$HOME/notes.txt" "$location&digest=sha256:$(sha256sum < ~/notes.txt | cut -d' ' -f1)"
