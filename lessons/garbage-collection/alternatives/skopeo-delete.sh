# passes: delete dry-run collect
# skopeo deletes by tag the way 2.8 needs it (a HEAD for the digest, then DELETE by digest), and -dm
# spelling the options short: a dry run, then the real collection.
skopeo delete --tls-verify=false "docker://$REGISTRY/shop/web:v1"
registry-gc -d > /dev/null
registry-gc > /dev/null
