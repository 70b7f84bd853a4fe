#!/usr/bin/env bash
# The readers' search (issue 14) over the ten-year demo in three languages (5 topics x
# 2014-W01..2023-W52 x en/be/ru = 7,830 published translations): the index build time (seeding,
# which indexes as it writes, and `barometer search reindex` of the whole demo), then
# search_bench's p50/p99 of a query mix (words, phrases, filters) beside the raw FTS5 MATCH of the
# same terms in the same run, ROUNDS rounds with the load average of each. Writes bench/out/search.md.
# Environment: BAROMETER_BIN (default build/barometer), SEARCH_BENCH (default build/search_bench),
# ROUNDS (default 5), REPEATS (query mix repeats per round, default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
bench=${SEARCH_BENCH:-$(dirname "$binary")/search_bench}
rounds=${ROUNDS:-5}
repeats=${REPEATS:-20}
[[ -x $bench ]] || { echo "bench: $bench not found (cmake --build build --target search_bench)" >&2; exit 1; }
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
for _ in $(seq 1 3000); do
  grep -q 'Listening on' "$work/server.log" 2>/dev/null && break
  sleep 0.2
done
grep -q 'Listening on' "$work/server.log" || { cat "$work/server.log"; exit 1; }
seed_s=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}')
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
db=$(ls "$work"/site/*.db | head -1)
documents=$(sqlite3 "$db" "SELECT COUNT(*) FROM search_documents")

reindex_start=$(date +%s.%N)
"$binary" search reindex --data "$work/site" >/dev/null
reindex_s=$(awk -v a="$reindex_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b-a}')

{
  echo "# Search on the ten-year demo"
  echo
  echo "Demo 2014-W01..2023-W52, 5 topics, en/be/ru: $documents published translations indexed."
  echo "Seeding (writes and indexes every commentary, with start-up): ${seed_s}s." \
    "\`barometer search reindex\` of all of it: ${reindex_s}s. $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo
  echo "SiteSearch::run (query parse, count, a page of 10 with highlighted titles and snippets) vs"
  echo "the raw \`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 10\` of the"
  echo "same FTS5 expression, in process, $repeats repeats of the mix per round:"
  echo
  "$bench" "$db" "$rounds" "$repeats"
} >"$out/search.md"
cat "$out/search.md"
