# passes: digest manifest blobs
# skopeo reads the digest and deletes by digest (HEAD, then DELETE manifests/<digest>); blobs by curl.
# host: host-2
skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/my/app:v1" > /tmp/v1-digest.txt
skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/my/app:v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/my/app:v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
skopeo delete --tls-verify=false "docker://$REGISTRY/my/app:v1"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
