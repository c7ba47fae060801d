# expect: token grants no access
# No scope parameter: the token service grants nothing, so the token is good for GET /v2/ only.
token_for "" > /tmp/pull-token.txt
