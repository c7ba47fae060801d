# expect: copy the lesson asks for
# The copy goes to my/app in the registry instead of from-files/app.
serve_image_files
echo '{"name": "my/app", "tags": ["v1"]}' | curl -sf -o /dev/null -T - http://localhost:8081/v2/my/app/tags/list
skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://localhost:8081/my/app:v1 docker://$REGISTRY/my/app:v1
