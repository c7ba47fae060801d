# expect: blobs algorithm
# Blob names copied from the directories under /var/lib/registry: hex without the sha256: prefix.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -H "$A" "$R/manifests/v1" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v1.txt
curl -s -H "$A" "$R/manifests/v2" | jq -r '.config.digest, .layers[].digest' | sort > /tmp/v2.txt
DIGEST=$(curl -sI -H "$A" "$R/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
curl -s -X DELETE "$R/manifests/$DIGEST"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do
  hex=${blob#sha256:}
  ls /var/lib/registry/docker/registry/v2/blobs/sha256/${hex:0:2}/ >/dev/null
  curl -s -X DELETE "$R/blobs/$hex"
done
