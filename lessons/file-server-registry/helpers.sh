# Shell functions the solution and the mistakes share (the content test defines them first).
# write_nginx_conf [DAV_LINE]: the lesson's nginx.conf (the WebDAV line can be replaced, to show what it does).
write_nginx_conf() {
  mkdir -p ~/nginx ~/www
  cat > ~/nginx/nginx.conf <<CONF
pid /home/learner/nginx/nginx.pid;
events {}
http {
  access_log /home/learner/nginx/access.log;
  client_body_temp_path /home/learner/nginx/body;
  proxy_temp_path /home/learner/nginx/proxy;
  fastcgi_temp_path /home/learner/nginx/fastcgi;
  uwsgi_temp_path /home/learner/nginx/uwsgi;
  scgi_temp_path /home/learner/nginx/scgi;
  server {
    listen 127.0.0.1:8081;
    root /home/learner/www;
    ${1-dav_methods PUT DELETE;}
    create_full_put_path on;
    dav_access user:rw group:r all:r;
    location = /v2/ { default_type application/json; return 200 '{}'; }
    location ~ ^/v2/.+/manifests/ { types { } default_type application/vnd.oci.image.manifest.v1+json; }
    location ~ ^/v2/.+/tags/list\$ { types { } default_type application/json; }
  }
}
CONF
}
# start_nginx [DAV_LINE]: writes the config and starts nginx on 8081, unless it already answers
# (every script runs in a fresh sandbox, where the nginx of an earlier one is gone).
start_nginx() {
  curl -s -o /dev/null http://localhost:8081/v2/ && return 0
  write_nginx_conf "$@"
  /usr/sbin/nginx -e /home/learner/nginx/error.log -c /home/learner/nginx/nginx.conf
}
# serve_image_files: ~/image's blobs, and its manifest by tag v1 and by digest, on the file server (no tag list).
serve_image_files() {
  start_nginx
  local F=http://localhost:8081/v2/my/app file
  for file in ~/image/layer.tar.gz ~/image/config.json; do curl -sf -o /dev/null -T "$file" $F/blobs/sha256:$(sha256sum "$file" | cut -d' ' -f1); done
  curl -sf -o /dev/null -T ~/image/manifest.json $F/manifests/v1
  curl -sf -o /dev/null -T ~/image/manifest.json $F/manifests/sha256:$(sha256sum ~/image/manifest.json | cut -d' ' -f1)
}
