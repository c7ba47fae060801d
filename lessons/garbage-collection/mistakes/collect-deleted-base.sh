# expect: collect shared base layer
# "Free more": every blob v1 listed is deleted through the API before collecting, the shared base layer too.
delete_v1
registry-gc --dry-run > /dev/null
for blob in $(cat /tmp/v1-blobs.txt); do curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/shop/web/blobs/$blob"; done
registry-gc > /dev/null
