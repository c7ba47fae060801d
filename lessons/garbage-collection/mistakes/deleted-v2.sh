# expect: delete Only v1 was to go
# The digest of the newest tag is taken by mistake: v2's manifest goes, and v1 stays.
curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/shop/web/manifests/$(digest_of shop/web v2)"
