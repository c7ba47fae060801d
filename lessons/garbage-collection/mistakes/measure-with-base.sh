# expect: measure shared base layer
# Every blob v1 lists is counted, including the base layer v2 still uses.
delete_v1
cat "$(data "$V1")" $(for blob in $(cat /tmp/v1-blobs.txt); do data "$blob"; done) | wc -c > /tmp/v1-bytes.txt
