# expect: measure du rounds to blocks
# du without -b counts disk blocks, not bytes.
delete_v1
du -c "$(data "$V1")" $(for blob in $(cat /tmp/v1-only.txt); do data "$blob"; done) | tail -n 1 | cut -f1 > /tmp/v1-bytes.txt
