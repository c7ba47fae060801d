# expect: inspect index itself
# The Docker-Content-Digest of multi:latest is saved: that is the index, not its arm64 entry.
# host: host-2
curl -sI -H "Accept: application/vnd.oci.image.index.v1+json" "http://$REGISTRY/v2/multi/manifests/latest" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p' > /tmp/multi-arm64.txt
