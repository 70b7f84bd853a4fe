#!/bin/bash
# The WordPress import streams: a generated export of WXR_MB megabytes (default 20 here, in
# `make test`'s release-only checks; bench/wordpress_import.sh runs 200) imports with a peak RSS
# under RSS_LIMIT_MB (default 200), measured by /usr/bin/time -v; a second run of the same file
# imports nothing (docs/decisions/0023-wordpress-import.md).
# Usage: wordpress_import_memory.sh BAROMETER SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
mb=${WXR_MB:-20}
limit=${RSS_LIMIT_MB:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$src/tests/checks/wxr_generate.py" "$work/export.xml" "$mb"
"$bin" init "$work/site" --languages en,be,ru >/dev/null
size=$(stat -c %s "$work/export.xml")

/usr/bin/time -v "$bin" import wordpress "$work/export.xml" --data "$work/site" --create-topics \
  >"$work/out.txt" 2>"$work/time.txt"
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
tail -1 "$work/out.txt"
echo "export $((size / 1048576)) MB: peak RSS $((rss_kb / 1024)) MB (limit $limit MB), wall $secs"
if [ "$rss_kb" -ge $((limit * 1024)) ]; then
  echo "FAIL: peak RSS over the limit" >&2
  exit 1
fi
grep -q "^imported: 10 topics" "$work/out.txt" || { echo "FAIL: expected 10 new topics" >&2; cat "$work/out.txt" >&2; exit 1; }

"$bin" import wordpress "$work/export.xml" --data "$work/site" --create-topics >"$work/again.txt"
grep -q "^imported: 0 topics, 0 commentaries (+0 translations), 0 pages (+0 translations), 0 authors, 0 redirects" \
  "$work/again.txt" || { echo "FAIL: the second run imported something" >&2; tail -1 "$work/again.txt" >&2; exit 1; }
echo "second run: $(tail -1 "$work/again.txt")"
