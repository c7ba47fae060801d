# expect: measure leaves out v1
# Only the config and the layer are counted: the manifest is a blob on disk too.
delete_v1
cat $(for blob in $(cat /tmp/v1-only.txt); do data "$blob"; done) | wc -c > /tmp/v1-bytes.txt
