# expect: manifest MANIFEST_UNKNOWN
# DELETE with the digest of compacted JSON (jq -c): no such manifest, and v1 stays.
# host: host-2
A="Accept: application/vnd.oci.image.manifest.v1+json"
DIGEST="sha256:$(curl -s -H "$A" "http://$REGISTRY/v2/my/app/manifests/v1" | jq -c . | sha256sum | cut -d' ' -f1)"
curl -si -X DELETE "http://$REGISTRY/v2/my/app/manifests/$DIGEST"
