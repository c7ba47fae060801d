# expect: token whole JSON answer
# The token service's answer is saved as it is, JSON and all.
curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" > /tmp/pull-token.txt
