# expect: manifest by digest
# DELETE by tag answers 400 on 2.8; the learner takes it as done and deletes v1's blobs: a broken, still tagged v1.
# host: host-2
save_lists
curl -s -X DELETE "$R/manifests/v1"
curl -s -X DELETE "$R/manifests/v1-stable"
for blob in $(comm -23 /tmp/v1.txt /tmp/v2.txt); do curl -s -X DELETE "$R/blobs/$blob"; done
