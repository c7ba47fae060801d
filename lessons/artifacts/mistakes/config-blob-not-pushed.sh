# expect: artifact MANIFEST_BLOB_UNKNOWN
# The data file is pushed, the empty config {} is not: the manifest names a blob the repository lacks.
R=http://$REGISTRY/v2/my/dataset
push_blob "$(ls ~/dataset/*.csv)"
dataset_manifest
curl -s -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @/tmp/dataset-manifest.json "$R/manifests/v1"
