# passes: formats
# One Accept list naming every type, as a real client sends it, and HEAD instead of GET.
ALL="application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"
for TAG in docker oci multi legacy; do curl -sI -H "Accept: $ALL" "http://$REGISTRY/v2/negotiate/manifests/$TAG" | head -1; done
