# expect: digest original image
# The HEAD asks for v1 instead of v2, so the old image's digest is saved.
edit_v2
curl -sI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1" \
  | tr -d '\r' | sed -n 's/^docker-content-digest: //Ip' > ~/new-digest.txt
