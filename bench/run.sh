#!/usr/bin/env bash
# make bench: barometer's cached pages vs nginx serving the same bytes as static files, with wrk
# on loopback in the same run; then the whole site (bench/site.sh), the dynamics, several nodes,
# the newsletter send and the search. Prints req/s, p99 latency and the ratio; writes bench/out/results.md.
# Each server gets a short warm-up, then RUNS measured wrk runs per page, alternating barometer and
# nginx so that background noise hits both alike; the best run of each is kept.
# Environment: BAROMETER_BIN (default build/barometer), DURATION (s, default 10), CONNECTIONS
# (default 64), THREADS (wrk threads, default 2), RUNS (measured runs per server and page, default
# 2), WARMUP (s of warm-up per server and page, default 2; 0 = none).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
wrk_threads=${THREADS:-2}
runs=${RUNS:-2}
warmup=${WARMUP:-2}
[[ -x $binary ]] || { echo "bench: $binary not found (build it, or set BAROMETER_BIN)" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. barometer with the demo site, access log off (nginx's is off too).
BAROMETER_ACCESS_LOG=off "$binary" demo --data "$work/site" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true  # the log may not exist yet
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"
commentary=$(curl -s "$base/en/2022-W09/" | grep -o 'href="/en/topics/security/[a-z0-9-]*/"' | head -1 | sed 's/href="//; s/"$//')

# 2. nginx serving the very same bytes.
mkdir -p "$work/www/home" "$work/www/commentary" "$work/nginx-tmp"
curl -s "$base/en/" -o "$work/www/home/index.html"
curl -s "$base$commentary" -o "$work/www/commentary/index.html"
nginx_port=$(free_port)
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
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

run_wrk() {  # run_wrk URL SECONDS -> "req/s p99"
  local text rps p99
  text=$(wrk -t"$wrk_threads" -c"$connections" -d"${2}s" --latency "$1")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$text")
  p99=$(awk '$1=="99%" {print $2}' <<<"$text")
  echo "$rps $p99"
}

echo "barometer: $binary on $base; anchor: nginx $(nginx -v 2>&1 | sed 's/.*\///') on http://127.0.0.1:$nginx_port (same bytes)" >&2
{
  echo "| page | bytes | barometer req/s | barometer p99 | nginx req/s | nginx p99 | ratio |"
  echo "|---|---|---|---|---|---|---|"
} >"$out/results.md"
for page in home commentary; do
  if [[ $page == home ]]; then path=/en/; else path=$commentary; fi
  bytes=$(stat -c %s "$work/www/$page/index.html")
  # Alternate the two servers run by run: a burst of background load then hurts both.
  b_rps=0 n_rps=0 b_p99=- n_p99=-
  ((warmup > 0)) && run_wrk "$base$path" "$warmup" >/dev/null && run_wrk "http://127.0.0.1:$nginx_port/$page/" "$warmup" >/dev/null
  for run in $(seq 1 "$runs"); do
    read -r rps p99 < <(run_wrk "$base$path" "$duration")
    echo "  $page run $run: barometer $rps req/s (p99 $p99)" >&2
    if awk -v a="$rps" -v b="$b_rps" 'BEGIN {exit !(a > b)}'; then b_rps=$rps; b_p99=$p99; fi
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$nginx_port/$page/" "$duration")
    echo "  $page run $run: nginx     $rps req/s (p99 $p99)" >&2
    if awk -v a="$rps" -v b="$n_rps" 'BEGIN {exit !(a > b)}'; then n_rps=$rps; n_p99=$p99; fi
  done
  ratio=$(awk -v a="$b_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
  echo "| $page ($path) | $bytes | $b_rps | $b_p99 | $n_rps | $n_p99 | $ratio |" >>"$out/results.md"
done
echo "wrk -t$wrk_threads -c$connections -d${duration}s --latency, best of $runs runs after ${warmup}s warm-up," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)" >>"$out/results.md"
cat "$out/results.md"

# The whole site a reader walks through, round robin vs nginx, and every page's uncached render
# time, with the ten-year dynamics and open data (issue 15).
BAROMETER_BIN="$binary" DURATION="$duration" CONNECTIONS="$connections" THREADS="$wrk_threads" WARMUP="$warmup" \
  bench/site.sh

# The read API's cached list vs nginx, and its uncached first request (issue 16).
BAROMETER_BIN="$binary" DURATION="$duration" CONNECTIONS="$connections" THREADS="$wrk_threads" RUNS="$runs" \
  WARMUP="$warmup" bench/api.sh

# The dynamics page on ten years of weekly data (issue 6): uncached render time, cached req/s.
BAROMETER_BIN="$binary" DURATION="$duration" CONNECTIONS="$connections" THREADS="$wrk_threads" bench/dynamics.sh

# Several nodes on one PostgreSQL behind an nginx upstream (issue 5), next to one SQLite node.
BAROMETER_BIN="$binary" DURATION="$duration" CONNECTIONS="$connections" THREADS="$wrk_threads" RUNS="$runs" \
  WARMUP="$warmup" bench/nodes.sh


# Newsletter: personalized digests into smtp-sink vs smtp-source into the same sink (issue 4).
BAROMETER_BIN="$binary" bench/send.sh

# The readers' search on the ten-year demo, against the raw FTS5 MATCH of the same terms (issue 14).
BAROMETER_BIN="$binary" bench/search.sh

# The WordPress import of a generated 200 MB export: peak RSS under 200 MB (issue 13).
bench/wordpress_import.sh "$binary"
