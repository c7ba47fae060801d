# expect: same-as-latest digests
# The digests written instead of the tag names.
curl -s "http://$REGISTRY/v2/acme/tags/list" > /tmp/acme-tags.json
curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/acme/manifests/latest" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p' > /tmp/same-as-latest.txt
