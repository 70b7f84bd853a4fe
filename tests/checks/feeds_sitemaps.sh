#!/usr/bin/env bash
# Feeds and sitemaps of the demo site, served by the real binary on loopback, checked with tools
# nobody here wrote (docs/decisions/0018): every Atom feed (each language, each topic) parsed by
# feedparser (Debian python3-feedparser) without bozo, in its language, with as many entries as
# the open data says are published in it (up to the feed's 50); every JSON Feed the same by
# json; the sitemap index and every sitemap it names validated by `xmllint --schema` against
# tests/checks/xsd; robots.txt naming the index; Content-Type, ETag/304 and gzip of each.
# Usage: feeds_sitemaps.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
command -v xmllint >/dev/null || { echo "xmllint missing: run make deps (libxml2-utils)"; exit 1; }
/usr/bin/python3 -c 'import feedparser' || { echo "feedparser missing: run make deps (python3-feedparser)"; exit 1; }

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# A real port, so that the base URL the demo derives from --listen (and puts in every feed and
# sitemap) can be fetched.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" demo --data "$work/site" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q "Listening on" "$work/server.log" 2>/dev/null && break
  sleep 0.2
done
grep -q "Listening on" "$work/server.log" || { echo "server did not start:"; cat "$work/server.log"; exit 1; }

/usr/bin/python3 "$source_dir/tests/checks/feeds_sitemaps.py" "http://127.0.0.1:$port" "$source_dir/tests/checks/xsd" "$work"
