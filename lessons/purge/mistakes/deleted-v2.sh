# expect: manifest You deleted v2
# The digest of the newest tag is taken by mistake, and v2's manifest is deleted.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
LAST=$(curl -s "http://$REGISTRY/v2/my/app/tags/list" | jq -r '.tags | sort | last')
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/$LAST" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -si -X DELETE "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
