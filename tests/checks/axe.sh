#!/usr/bin/env bash
# axe-core (npm @axe-core/playwright) in headless Debian chromium over the home, topic (with and
# without ?range=) and dynamics pages in en/be/ru, served by the real binary running the demo on
# loopback. Passes only with 0 violations (and no console errors, e.g. CSP refusals).
# Screenshots go to SOURCE_DIR/test-output/axe/ (gitignored).
# Usage: axe.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
[[ -d $source_dir/node_modules/playwright-core && -d $source_dir/node_modules/@axe-core/playwright ]] ||
  { echo "playwright-core / @axe-core/playwright missing: run make deps"; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "/usr/bin/chromium missing: run make deps"; exit 1; }

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
BAROMETER_ACCESS_LOG=off "$binary" demo --data "$work/site" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true  # the log may not exist yet
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { echo "server did not start:"; cat "$work/server.log"; exit 1; }

cd "$source_dir"
node tests/e2e/axe.mjs "http://127.0.0.1:$port" "$source_dir/test-output/axe"
