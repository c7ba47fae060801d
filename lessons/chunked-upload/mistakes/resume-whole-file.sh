# expect: resume already had
# The whole file sent to the interrupted upload: its start is then there twice.
# host: host-1
LOCATION=$(cat ~/upload-location.txt)
curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/resume.tar.gz" "$LOCATION&digest=sha256:$(sha256sum ~/resume.tar.gz | cut -d' ' -f1)"
