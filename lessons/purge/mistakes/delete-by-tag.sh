# expect: untag by digest
# The spec allows DELETE by tag; distribution 2.8 answers 400 DIGEST_INVALID.
# host: host-2
R="http://$REGISTRY/v2/my/app"
A="Accept: application/vnd.oci.image.manifest.v1+json"
curl -s -X DELETE "$R/manifests/v1"
curl -s -X DELETE "$R/manifests/v1-stable"
