# expect: manifest was empty
# The digest variable is empty (HEAD without Accept), so the DELETE goes to .../manifests/ with nothing after it.
# host: host-2
DIGEST=$(curl -sI "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -si -X DELETE "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
