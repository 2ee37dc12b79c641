# Sourced by bench/run.sh and bench/worker-rss.sh: the static nginx both serve the corpus from.
#
#   nginx_conf DIR PORT ROOT [MAIN_LINES] [SERVER_LINES]
#
# writes DIR/nginx.conf: one worker process, keep-alive without limit, no access log, every
# temporary path under DIR, listening on 127.0.0.1:PORT with ROOT as its root and /corpus/
# served from it; MAIN_LINES go before everything (load_module), SERVER_LINES into the server.
nginx_conf() {
  local dir=$1 port=$2 root=$3 main=${4:-} server=${5:-}
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<CONF
$main
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  types { text/html html; }
  default_type application/octet-stream;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  open_file_cache max=10000 inactive=60s;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    root $root;
    location /corpus/ { }
    $server
  }
}
CONF
}
