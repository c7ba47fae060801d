# expect: list not of "acme"
# skopeo's list-tags for the wrong repository: the format is fine, the repository is not.
skopeo list-tags --tls-verify=false "docker://$REGISTRY/acme-web" > /tmp/acme-tags.json
