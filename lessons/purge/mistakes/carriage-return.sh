# expect: manifest carriage return
# The header value keeps its \r: curl refuses the DELETE URL before it reaches the registry.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' > /tmp/v1-digest.txt
curl -si -X DELETE "http://$REGISTRY/v2/my/app/manifests/$(cat /tmp/v1-digest.txt)"
