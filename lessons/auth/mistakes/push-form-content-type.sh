# expect: push DIGEST_INVALID
# --data-binary without a Content-Type: curl sends a form type, 2.8 reads the body as a form, and the digest cannot match.
PUSH_TOKEN=$(token_for repository:private/app:pull,push)
location=$(curl -si -X POST -H "Authorization: Bearer $PUSH_TOKEN" "http://$REGISTRY/v2/private/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
curl -s -X PUT -H "Authorization: Bearer $PUSH_TOKEN" --data-binary @"$HOME/notes.txt" "$location&digest=sha256:$(sha256sum < ~/notes.txt | cut -d' ' -f1)"
