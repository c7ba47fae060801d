# passes: list same-as-latest challenge
# Just the tags array with jq; digests from skopeo inspect --raw; the challenge with a wide Accept.
curl -sf "http://$REGISTRY/v2/acme/tags/list" | jq '.tags' > /tmp/acme-tags.json
d() { skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/$1" | sha256sum | cut -d' ' -f1; }
L=$(d acme:latest)
for t in $(jq -r '.[]' /tmp/acme-tags.json); do [ "$(d "acme:$t")" = "$L" ] && echo "$t"; done > /tmp/same-as-latest.txt || true
REPOSITORY=$(sed -n 's/^repository: //p' ~/challenge.txt)
TARGET=$(sed -n 's/^tag: //p' ~/challenge.txt)
ACCEPT="application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json"
dig() { curl -sfI -H "Accept: $ACCEPT" "http://$REGISTRY/v2/$REPOSITORY/manifests/$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}'; }
W=$(dig "$TARGET")
for t in $(curl -sf "http://$REGISTRY/v2/$REPOSITORY/tags/list" | jq -r '.tags[]' | sort); do [ "$(dig "$t")" = "$W" ] && echo "$t"; done > /tmp/challenge-same.txt || true
