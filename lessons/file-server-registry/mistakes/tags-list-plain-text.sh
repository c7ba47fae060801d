# expect: manifest is not JSON
# The tag list is written as plain text, one tag per line, like a directory listing.
serve_image_files
echo v1 | curl -s -T - http://localhost:8081/v2/my/app/tags/list
