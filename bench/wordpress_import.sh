#!/bin/bash
# The WordPress import on a generated 200 MB export: peak RSS (must stay under 200 MB) and time.
# The same check as tests/checks/wordpress_import_memory.sh, which `make test` runs on 20 MB.
# Usage: bench/wordpress_import.sh [BAROMETER]   (default build/barometer)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
WXR_MB=${WXR_MB:-200} exec "$here/tests/checks/wordpress_import_memory.sh" "${1:-$here/build/barometer}" "$here"
