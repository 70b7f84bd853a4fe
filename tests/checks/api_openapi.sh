#!/usr/bin/env bash
# The read API against its OpenAPI document (docs/decisions/0021-read-api.md), with tools nobody
# here wrote: the document validated as OpenAPI 3.1 by npm @seriousme/openapi-schema-validator;
# then the real binary serves the demo site on loopback and the responses to a list of API URLs
# (every endpoint, filters, field selections, next pages, and errors: 400, 404, 405, 429) are
# each validated against the document's schema for that path and status by ajv (JSON Schema
# 2020-12, ajv-formats). The schemas say additionalProperties: false and list every member as
# required, so an undocumented or a missing member fails. Also: CORS and Link headers.
# Usage: api_openapi.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
for m in @seriousme/openapi-schema-validator ajv ajv-formats; do
  [[ -d $source_dir/node_modules/$m ]] || { echo "npm $m missing: run make deps"; exit 1; }
done

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# A low limit, so that the check also meets a real 429 at the end.
BAROMETER_API_RATE_LIMIT=80 "$binary" demo --data "$work/site" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { echo "server did not start:"; cat "$work/server.log"; exit 1; }

cd "$source_dir"  # node resolves the packages from node_modules here
node "$source_dir/tests/checks/api_openapi.mjs" "http://127.0.0.1:$port" "$source_dir/src/web/api/openapi.json"
