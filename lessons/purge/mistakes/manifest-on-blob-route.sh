# expect: manifest manifests endpoint
# The manifest's digest sent to the blobs endpoint: 404 BLOB_UNKNOWN, and v1 stays.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
DIGEST=$(curl -sI -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -si -X DELETE "http://$REGISTRY/v2/my/app/blobs/$DIGEST"
