# expect: digest without the header name
# The whole header line is saved, name and all.
# host: host-2
curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | grep -i '^docker-content-digest:' > /tmp/v1-digest.txt
