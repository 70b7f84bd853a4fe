#!/usr/bin/env bash
# make bench, part 3 (issue 5): the home page through two barometer nodes on one PostgreSQL
# database behind an nginx upstream, next to one node on SQLite and the nginx static anchor (the
# same bytes as a file), all measured with wrk in the same run, alternating run by run.
# Also one node on SQLite behind the same nginx proxy, to show what the proxy hop costs by itself.
# Writes bench/out/nodes.md. The PostgreSQL cluster is a throwaway one (initdb into a temp dir,
# loopback port, fsync off: the benchmark reads cached pages, it does not measure commits).
# Environment as bench/run.sh: BAROMETER_BIN, DURATION, CONNECTIONS, THREADS, RUNS, WARMUP;
# BAROMETER_PG_BINDIR (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(readlink -f "${BAROMETER_BIN:-build/barometer}")
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
wrk_threads=${THREADS:-2}
runs=${RUNS:-2}
warmup=${WARMUP:-2}
[[ -x $binary ]] || { echo "bench: $binary not found (build it, or set BAROMETER_BIN)" >&2; exit 1; }
pg_bin=${BAROMETER_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -1)}
[[ -x $pg_bin/initdb ]] || { echo "bench: PostgreSQL server binaries not found (make deps)" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
chmod 755 "$work"
as_pg=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  [[ -d $work/pg/data ]] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_node NAME ARGS... -> sets $node_port (the node logs to $work/NAME.log)
start_node() {
  local name=$1
  shift
  BAROMETER_ACCESS_LOG=off "$binary" "$@" --listen 127.0.0.1:0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  node_port=""
  for _ in $(seq 1 900); do
    node_port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/$name.log" 2>/dev/null | head -1) || true  # the log may not exist yet
    [[ -n $node_port ]] && return
    sleep 0.2
  done
  cat "$work/$name.log" >&2
  exit 1
}

# 1. A throwaway PostgreSQL cluster (as the postgres user when run as root: it refuses root).
mkdir -p "$work/pg"
if [[ $(id -u) == 0 ]]; then
  chown postgres "$work/pg"
  as_pg=(runuser -u postgres --)
fi
pg_port=$(free_port)
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U barometer -A trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
"$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U barometer -d postgres -c "CREATE DATABASE barometer TEMPLATE template0" >/dev/null
database="postgresql://barometer@127.0.0.1:$pg_port/barometer"

# 2. Nodes: A seeds the demo into PostgreSQL, then B joins; one SQLite node on its own file.
BAROMETER_DATABASE=$database start_node pg-a demo --data "$work/pg-a"
pg_a=$node_port
BAROMETER_DATABASE=$database start_node pg-b serve --data "$work/pg-b"
pg_b=$node_port
start_node sqlite demo --data "$work/sqlite"
sqlite_port=$node_port

# 3. nginx: the static anchor (the home page's bytes as a file), the two PostgreSQL nodes as an
# upstream (as deploy/nginx-barometer.conf, without TLS), and the SQLite node behind the same proxy.
mkdir -p "$work/www/home" "$work/nginx-tmp"
curl -s "http://127.0.0.1:$sqlite_port/en/" -o "$work/www/home/index.html"
static_port=$(free_port) proxy2_port=$(free_port) proxy1_port=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp; uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$static_port; root $work/www; etag on; }
  upstream two_pg_nodes { server 127.0.0.1:$pg_a; server 127.0.0.1:$pg_b; keepalive 64; }
  upstream one_sqlite_node { server 127.0.0.1:$sqlite_port; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy2_port;
    location / { proxy_pass http://two_pg_nodes; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
  }
  server {
    listen 127.0.0.1:$proxy1_port;
    location / { proxy_pass http://one_sqlite_node; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log"
sleep 0.5
# Both PostgreSQL nodes really answer through the proxy (round robin), with the same page.
for url in "http://127.0.0.1:$pg_a/en/" "http://127.0.0.1:$pg_b/en/" "http://127.0.0.1:$proxy2_port/en/"; do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == 200 ]] || { echo "bench: $url does not answer 200" >&2; exit 1; }
done

run_wrk() {  # run_wrk URL SECONDS -> "req/s p99"
  local text rps p99
  text=$(wrk -t"$wrk_threads" -c"$connections" -d"${2}s" --latency "$1")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$text")
  p99=$(awk '$1=="99%" {print $2}' <<<"$text")
  echo "$rps $p99"
}

names=("nginx static file (anchor)" "1 node, SQLite, direct" "1 node, SQLite, via nginx proxy" "2 nodes, PostgreSQL, via nginx upstream")
urls=("http://127.0.0.1:$static_port/home/" "http://127.0.0.1:$sqlite_port/en/" "http://127.0.0.1:$proxy1_port/en/" "http://127.0.0.1:$proxy2_port/en/")
best_rps=(0 0 0 0)
best_p99=(- - - -)
if ((warmup > 0)); then
  for url in "${urls[@]}"; do run_wrk "$url" "$warmup" >/dev/null; done
fi
for run in $(seq 1 "$runs"); do
  for i in 0 1 2 3; do
    read -r rps p99 < <(run_wrk "${urls[$i]}" "$duration")
    echo "  home run $run: ${names[$i]}: $rps req/s (p99 $p99)" >&2
    if awk -v a="$rps" -v b="${best_rps[$i]}" 'BEGIN {exit !(a > b)}'; then best_rps[$i]=$rps; best_p99[$i]=$p99; fi
  done
done
{
  echo "| home /en/ ($(stat -c %s "$work/www/home/index.html") bytes) | req/s | p99 | vs nginx static |"
  echo "|---|---|---|---|"
  for i in 0 1 2 3; do
    ratio=$(awk -v a="${best_rps[$i]}" -v b="${best_rps[0]}" 'BEGIN {printf "%.2f", a/b}')
    echo "| ${names[$i]} | ${best_rps[$i]} | ${best_p99[$i]} | $ratio |"
  done
  echo "wrk -t$wrk_threads -c$connections -d${duration}s --latency, best of $runs runs after ${warmup}s warm-up," \
    "$(nproc) cores (wrk, nginx, the nodes and PostgreSQL share them), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$(date -u +%Y-%m-%d)"
} >"$out/nodes.md"
cat "$out/nodes.md"
