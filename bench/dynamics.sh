#!/usr/bin/env bash
# The dynamics page on ten years of weekly data (5 topics x 2014-W01..2023-W52 = 2,610
# commentaries): uncached render time (the first request of each distinct URL: the page cache
# keys on path and query) and cached req/s with wrk. Writes bench/out/dynamics.md.
# Environment: BAROMETER_BIN (default build/barometer), DURATION (s, default 10),
# CONNECTIONS (default 64), THREADS (wrk threads, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
wrk_threads=${THREADS:-2}
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

seed_start=$(date +%s.%N)
BAROMETER_ACCESS_LOG=off "$binary" demo --data "$work/site" --listen 127.0.0.1:0 \
  --first 2014-W01 --last 2023-W52 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 1500); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true  # the log may not exist yet
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { cat "$work/server.log"; exit 1; }
seed_s=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}')
base="http://127.0.0.1:$port"
curl -sf "$base/healthz" >/dev/null

# Uncached: each URL's first request renders it (one find_markers query + compute + SVG + template).
uncached() {  # uncached PATH -> "ms bytes"
  curl -s -o /dev/null -w '%{time_total} %{size_download}' "$base$1" |
    awk '{printf "%.1f %d\n", $1 * 1000, $2}'
}
{
  echo "# Dynamics on ten years of weekly data"
  echo
  echo "Demo site 2014-W01..2023-W52, 5 topics, 3 languages (seeded in ${seed_s}s including start-up)."
  echo
  echo "| page | bytes | uncached (first request) ms |"
  echo "|---|---|---|"
} >"$out/dynamics.md"
for path in "/en/dynamics/" "/en/dynamics/?range=3y" "/en/dynamics/?range=all" "/ru/dynamics/?range=all" \
            "/be/dynamics/?range=all&topic=security&topic=west" "/en/topics/security/?range=all" \
            "/en/" "/data/markers.csv" "/data/markers.json"; do
  read -r ms bytes < <(uncached "$path")
  echo "| \`$path\` | $bytes | $ms |" >>"$out/dynamics.md"
done

run_wrk() {  # run_wrk URL -> "req/s p99"
  local text
  text=$(wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$text") $(awk '$1=="99%" {print $2}' <<<"$text")"
}
{
  echo
  echo "| cached page | req/s | p99 |"
  echo "|---|---|---|"
} >>"$out/dynamics.md"
for path in "/en/dynamics/" "/en/dynamics/?range=all"; do
  read -r rps p99 < <(run_wrk "$base$path")
  echo "| \`$path\` | $rps | $p99 |" >>"$out/dynamics.md"
done
echo >>"$out/dynamics.md"
echo "wrk -t$wrk_threads -c$connections -d${duration}s --latency, $(nproc) cores, $(date -u +%Y-%m-%d), binary $binary" >>"$out/dynamics.md"
cat "$out/dynamics.md"
