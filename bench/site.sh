#!/usr/bin/env bash
# The whole site a reader walks through (issue 15), in two figures:
#  1. Cached mix: every URL linked from the listing pages (home, topics, dynamics, periods) of
#     every language (bench/site_crawl.py crawl), requested round robin by wrk (bench/site.lua)
#     from barometer and, in the same run and alternating run by run, from nginx serving the very
#     same bytes as files. Median req/s of RUNS runs each; goal: barometer >= 0.8x nginx.
#  2. Uncached rendering: ROUNDS times, a freshly started server (empty page cache) is asked for
#     every URL of the mix once (bench/site_crawl.py time); p50/p90/p99 per kind of page. Then the
#     same on the ten-year demo (2014-W01..2023-W52) for the pages whose cost grows with the
#     archive: the all-weeks dynamics and the open data. Goals: commentary < 1 ms, home < 2 ms,
#     /{lang}/dynamics/?range=all (ten years) < 20 ms, /data/markers.json (ten years) < 50 ms.
# Writes bench/out/site.md. Environment: BAROMETER_BIN (default build/barometer), DURATION (s of
# each wrk run, default 10), CONNECTIONS (default 64), THREADS (wrk threads, default 2), RUNS
# (wrk runs per server, default 3), WARMUP (s per server, default 2), ROUNDS (uncached passes,
# default 3), LONG (1 = also the ten-year demo, default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
wrk_threads=${THREADS:-2}
runs=${RUNS:-3}
warmup=${WARMUP:-2}
rounds=${ROUNDS:-3}
long=${LONG:-1}
[[ -x $binary ]] || { echo "bench: $binary not found (build it, or set BAROMETER_BIN)" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() {  # start_server DATA_DIR [demo options...]: sets server_pid and base
  local data=$1
  shift
  : >"$work/server.log"
  BAROMETER_ACCESS_LOG=off "$binary" demo --data "$data" --listen 127.0.0.1:0 "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  local port=""
  for _ in $(seq 1 3000); do
    port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true
    [[ -n $port ]] && break
    sleep 0.2
  done
  [[ -n $port ]] || { cat "$work/server.log"; exit 1; }
  base="http://127.0.0.1:$port"
}
stop_server() {
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- 1. The list of URLs and their bytes (the crawl's own requests warm barometer's cache).
start_server "$work/site"
mkdir -p "$work/crawl/www" "$work/nginx-tmp"
python3 bench/site_crawl.py crawl "$base" "$work/crawl" en be ru
urls=$(wc -l <"$work/crawl/urls.txt")
redirects=$(awk -F'\t' '$2 >= 300 && $2 < 400' "$work/crawl/first.tsv" | wc -l)
bytes=$(du -sb "$work/crawl/www" | cut -f1)

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
  types { } default_type text/html;
  server { listen 127.0.0.1:$nginx_port; root $work/crawl/www; etag on; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

run_wrk() {  # run_wrk BASE URL_FILE SECONDS -> "req/s p99"
  local text
  text=$(wrk -t"$wrk_threads" -c"$connections" -d"${3}s" --latency -s bench/site.lua "$1" -- "$2")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$text") $(awk '$1=="99%" {print $2}' <<<"$text")"
}
median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }

nginx_base="http://127.0.0.1:$nginx_port"
echo "site: $urls URLs ($redirects redirects, $bytes bytes); barometer $binary on $base; nginx on $nginx_base" >&2
if ((warmup > 0)); then
  run_wrk "$base" "$work/crawl/urls.txt" "$warmup" >/dev/null
  run_wrk "$nginx_base" "$work/crawl/nginx-urls.txt" "$warmup" >/dev/null
fi
: >"$work/b.txt"
: >"$work/n.txt"
rows=""
for run in $(seq 1 "$runs"); do
  read -r b_rps b_p99 < <(run_wrk "$base" "$work/crawl/urls.txt" "$duration")
  b_load=$(load)
  read -r n_rps n_p99 < <(run_wrk "$nginx_base" "$work/crawl/nginx-urls.txt" "$duration")
  n_load=$(load)
  echo "  run $run: barometer $b_rps req/s (p99 $b_p99, load $b_load), nginx $n_rps req/s (p99 $n_p99, load $n_load)" >&2
  echo "$b_rps" >>"$work/b.txt"
  echo "$n_rps" >>"$work/n.txt"
  rows+="| $run | $b_rps | $b_p99 | $b_load | $n_rps | $n_p99 | $n_load |"$'\n'
done
b_med=$(median <"$work/b.txt")
n_med=$(median <"$work/n.txt")
ratio=$(awk -v a="$b_med" -v b="$n_med" 'BEGIN {printf "%.2f", a/b}')
stop_server

# --- 2. Uncached: fresh servers, every URL once per round.
: >"$work/uncached.tsv"
for round in $(seq 1 "$rounds"); do
  start_server "$work/site"
  python3 bench/site_crawl.py time "$base" "$work/uncached.tsv" "$work/crawl/urls.txt"
  stop_server
done
if [[ $long == 1 ]]; then
  seed_start=$(date +%s)
  start_server "$work/long" --first 2014-W01 --last 2023-W52
  seed_s=$(($(date +%s) - seed_start))
  stop_server
  printf '%s\n' /en/dynamics/?range=all /be/dynamics/?range=all /ru/dynamics/?range=all /data/markers.json \
    /data/markers.csv >"$work/long-urls.txt"
  : >"$work/long.tsv"
  for round in $(seq 1 "$rounds"); do
    start_server "$work/long"
    python3 bench/site_crawl.py time "$base" "$work/long.tsv" "$work/long-urls.txt"
    stop_server
  done
fi
uncached_load=$(load)

percentiles() {  # percentiles KIND FILE -> "n p50 p90 p99 bytes_p50"
  awk -F'\t' -v k="$1" '$1 == k && $2 == 200 {print $3, $4}' "$2" | sort -g |
    awk '{v[NR]=$1; b[NR]=$2} END {
      if (NR == 0) {print "0 - - - -"; exit}
      i50=int((NR-1)*0.50)+1; i90=int((NR-1)*0.90)+1; i99=int((NR-1)*0.99)+1
      printf "%d %.2f %.2f %.2f %d\n", NR, v[i50], v[i90], v[i99], b[i50]}'
}
goal_of() {
  case $1 in
    commentary) echo "< 1 ms" ;; home) echo "< 2 ms" ;; long:dynamics-all) echo "< 20 ms" ;;
    long:markers.json) echo "< 50 ms" ;; *) echo "" ;;
  esac
}
{
  echo "# The whole site (bench/site.sh, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, binary $binary)"
  echo
  echo "## Cached mix vs nginx (same bytes as files)"
  echo
  echo "$urls URLs ($redirects of them redirects, $bytes bytes) linked from the listing pages of en/be/ru of the demo site, round robin:"
  echo "\`wrk -t$wrk_threads -c$connections -d${duration}s -s bench/site.lua\`, $runs runs each, alternating."
  echo
  echo "| run | barometer req/s | p99 | load avg | nginx req/s | p99 | load avg |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "Median: barometer $b_med req/s, nginx $n_med req/s: **ratio $ratio** (goal ≥ 0.8)."
  echo
  echo "## Uncached rendering (first request of each URL on a fresh server, $rounds rounds; load average after: $uncached_load)"
  echo
  echo "| kind | requests | p50 ms | p90 ms | p99 ms | bytes (p50 page) | goal |"
  echo "|---|---|---|---|---|---|---|"
  for kind in $(cut -f1 "$work/uncached.tsv" | sort -u); do
    read -r n p50 p90 p99 b < <(percentiles "$kind" "$work/uncached.tsv")
    [[ $n == 0 ]] && continue
    echo "| $kind | $n | $p50 | $p90 | $p99 | $b | $(goal_of "$kind") |"
  done
  if [[ $long == 1 ]]; then
    awk -F'\t' '{k = $5 ~ /markers.json/ ? "markers.json" : $5 ~ /markers.csv/ ? "markers.csv" : $1; print k "\t" $2 "\t" $3 "\t" $4}' \
      "$work/long.tsv" >"$work/long-kinds.tsv"
    for kind in dynamics-all markers.json markers.csv; do
      read -r n p50 p90 p99 b < <(awk -F'\t' -v k="$kind" '$1 == k {print k "\t" $2 "\t" $3 "\t" $4}' "$work/long-kinds.tsv" |
        { cat >"$work/k.tsv"; percentiles "$kind" "$work/k.tsv"; })
      echo "| ten years ($seed_s s to seed): $kind | $n | $p50 | $p90 | $p99 | $b | $(goal_of "long:$kind") |"
    done
  fi
} >"$out/site.md"
cat "$out/site.md"
