#!/usr/bin/env bash
# The read API (docs/decisions/0021): a cached list, /api/v1/commentaries (20 commentaries in
# full, every language), against nginx serving the same bytes as a static file, wrk on loopback
# in the same run, alternating; then the first-request (uncached) latency of that list over 20
# distinct queries (each a cache miss: the list is rendered from the database), by curl.
# Environment: as bench/run.sh (BAROMETER_BIN, DURATION, CONNECTIONS, THREADS, RUNS, WARMUP), and
# API_LIMIT (the list's limit=, default 20: the API's default page).
# Writes bench/out/api.md.
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

# No rate limit: wrk is one client.
BAROMETER_ACCESS_LOG=off BAROMETER_API_RATE_LIMIT=0 "$binary" demo --data "$work/site" --listen 127.0.0.1:0 \
  >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"
limit=${API_LIMIT:-20}
path="/api/v1/commentaries?limit=$limit"

# 1. Uncached: 20 distinct queries (limit=20 with another, harmless, filter each time), then the
#    same URL again from the cache.
uncached=()
for week in $(seq 1 20); do
  t=$(curl -s -o /dev/null -w '%{time_total}' "$base$path&from=2020-W$(printf %02d "$week")")
  uncached+=("$t")
done
cached_one=$(curl -s -o /dev/null -w '%{time_total}' "$base$path&from=2020-W01")
read -r u_median u_max < <(printf '%s\n' "${uncached[@]}" | sort -n |
  awk '{a[NR]=$1} END {printf "%.1f %.1f\n", a[int((NR+1)/2)]*1000, a[NR]*1000}')

# 2. Cached vs nginx serving the same bytes.
mkdir -p "$work/www/api" "$work/nginx-tmp"
curl -s "$base$path" -o "$work/www/api/commentaries.json"
bytes=$(stat -c %s "$work/www/api/commentaries.json")
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
  types { application/json json; }
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5
run_wrk() {  # run_wrk URL SECONDS -> "req/s p99"
  local text
  text=$(wrk -t"$wrk_threads" -c"$connections" -d"${2}s" --latency "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$text") $(awk '$1=="99%" {print $2}' <<<"$text")"
}
b_rps=0 n_rps=0 b_p99=- n_p99=-
nginx_url="http://127.0.0.1:$nginx_port/api/commentaries.json"
((warmup > 0)) && run_wrk "$base$path" "$warmup" >/dev/null && run_wrk "$nginx_url" "$warmup" >/dev/null
for run in $(seq 1 "$runs"); do
  read -r rps p99 < <(run_wrk "$base$path" "$duration")
  echo "  api run $run: barometer $rps req/s (p99 $p99)" >&2
  if awk -v a="$rps" -v b="$b_rps" 'BEGIN {exit !(a > b)}'; then b_rps=$rps; b_p99=$p99; fi
  read -r rps p99 < <(run_wrk "$nginx_url" "$duration")
  echo "  api run $run: nginx     $rps req/s (p99 $p99)" >&2
  if awk -v a="$rps" -v b="$n_rps" 'BEGIN {exit !(a > b)}'; then n_rps=$rps; n_p99=$p99; fi
done
ratio=$(awk -v a="$b_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
{
  echo "| read API | bytes | barometer req/s | barometer p99 | nginx req/s | nginx p99 | ratio | uncached median / max | cached (one curl) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| \`$path\` | $bytes | $b_rps | $b_p99 | $n_rps | $n_p99 | $ratio | ${u_median} / ${u_max} ms | $(awk -v t="$cached_one" 'BEGIN {printf "%.1f", t*1000}') ms |"
  echo "wrk -t$wrk_threads -c$connections -d${duration}s --latency, best of $runs runs after ${warmup}s warm-up;" \
    "uncached: 20 distinct queries by curl; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
} >"$out/api.md"
cat "$out/api.md"
