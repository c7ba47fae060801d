# passes: blobs manifest
# Any server that writes PUT bodies to files will do: here a few lines of Python's http.server
# instead of nginx, run in the background for the uploads.
mkdir -p ~/www
cat > /tmp/put-server.py <<'PY'
import http.server, os
class Put(http.server.SimpleHTTPRequestHandler):
    def do_PUT(self):
        path = os.path.join('/home/learner/www', self.path.lstrip('/'))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as out:
            out.write(self.rfile.read(int(self.headers['Content-Length'])))
        self.send_response(201); self.end_headers()
http.server.ThreadingHTTPServer(('127.0.0.1', 8082), Put).serve_forever()
PY
python3 /tmp/put-server.py 2>/dev/null &
SERVER=$!
sleep 0.5
F=http://localhost:8082/v2/my/app
cd ~/image
for file in layer.tar.gz config.json; do curl -sf -o /dev/null -T $file $F/blobs/sha256:$(sha256sum $file | cut -d' ' -f1); done
curl -sf -o /dev/null -T manifest.json $F/manifests/v1
curl -sf -o /dev/null -T manifest.json $F/manifests/sha256:$(sha256sum manifest.json | cut -d' ' -f1)
echo '{"name": "my/app", "tags": ["v1"]}' > /tmp/tags.json
curl -sf -o /dev/null -T /tmp/tags.json $F/tags/list
kill $SERVER
