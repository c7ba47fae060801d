# expect: manifest the whole repository name
# The tag list names the repository "app" instead of "my/app".
serve_image_files
echo '{"name": "app", "tags": ["v1"]}' | curl -s -T - http://localhost:8081/v2/my/app/tags/list
