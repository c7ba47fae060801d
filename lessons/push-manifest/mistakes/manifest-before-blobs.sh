# expect: blobs first
# The manifest is pushed before its layers and config: MANIFEST_BLOB_UNKNOWN.
cd ~/image
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @manifest.json "http://$REGISTRY/v2/my/app/manifests/v1"
