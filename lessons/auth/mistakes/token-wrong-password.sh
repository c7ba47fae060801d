# expect: token wrong user name or password
# The user name typed as the password too: the token service answers 401 and the error is saved.
curl -s -u "$REGISTRY_USER:$REGISTRY_USER" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r '.token // .' > /tmp/pull-token.txt
