# expect: token JSON quotes
# jq without -r: the token keeps its quotes.
curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq .token > /tmp/pull-token.txt
