# expect: blobs algorithm
# Blob names copied from the directories under /var/lib/registry: hex without the sha256: prefix.
# host: host-2
save_lists
delete_v1_manifest
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do
  hex=${blob#sha256:}
  ls /var/lib/registry/docker/registry/v2/blobs/sha256/${hex:0:2}/ >/dev/null
  curl -s -X DELETE "$R/blobs/$hex"
done
