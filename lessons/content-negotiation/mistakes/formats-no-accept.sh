# expect: formats schema 1
# No Accept header at all (curl sends */*): the Docker image comes back rewritten as schema 1, the OCI ones as 404.
for TAG in docker oci multi legacy; do curl -s -o /dev/null -w "%{http_code} %{content_type}\n" "http://$REGISTRY/v2/negotiate/manifests/$TAG"; done
