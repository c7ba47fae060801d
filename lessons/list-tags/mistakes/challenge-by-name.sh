# expect: challenge says nothing about what it points at
# Every tag of the challenge repository written, as if names told which digest they carry.
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
curl -s "http://$REGISTRY/v2/$REPOSITORY/tags/list" | jq -r '.tags[]' > /tmp/challenge-same.txt
