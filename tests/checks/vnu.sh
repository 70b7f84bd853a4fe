#!/usr/bin/env bash
# The W3C Nu HTML checker (npm vnu-jar) over one page of each type in each language, served by the
# real binary running the demo site on loopback. Passes only with 0 errors.
# Usage: vnu.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
vnu="$source_dir/node_modules/vnu-jar/build/dist/vnu.jar"
[[ -f $vnu ]] || { echo "vnu.jar missing: run make deps"; exit 1; }

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$binary" demo --data "$work/site" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { echo "server did not start:"; cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"

mkdir -p "$work/pages"
n=0
fetch() {  # fetch URL_PATH NAME [expected status]
  local expected=${3:-200}
  local status
  status=$(curl -s -o "$work/pages/$2.html" -w '%{http_code}' "$base$1")
  if [[ $status != "$expected" ]]; then echo "FAIL $1: status $status, expected $expected"; exit 1; fi
  n=$((n + 1))
}
first_link() {  # first_link FILE REGEX -> the first href matching REGEX
  grep -o "href=\"$2\"" "$1" | head -1 | sed 's/^href="//; s/"$//'
}

for lang in en be ru; do
  fetch "/$lang/" "$lang-home"
  fetch "/$lang/2022-W09/" "$lang-period"
  fetch "/$lang/topics/security/" "$lang-topic"
  fetch "/$lang/topics/security/?page=2" "$lang-topic-page2"
  fetch "/$lang/topics/security/?range=3y" "$lang-topic-3y"
  fetch "/$lang/topics/security/?range=all" "$lang-topic-all"
  fetch "/$lang/dynamics/" "$lang-dynamics"
  fetch "/$lang/dynamics/?range=all" "$lang-dynamics-all"
  fetch "/$lang/dynamics/?range=3y&topic=security&topic=west" "$lang-dynamics-compare"
  fetch "/$lang/dynamics/?range=5y" "$lang-dynamics-400" 400
  commentary=$(first_link "$work/pages/$lang-period.html" "/$lang/topics/security/[a-z0-9-]*/")
  [[ -n $commentary ]] || { echo "FAIL: no commentary link on /$lang/2022-W09/"; exit 1; }
  fetch "$commentary" "$lang-commentary"
  author=$(first_link "$work/pages/$lang-commentary.html" "/$lang/authors/[a-z0-9-]*/")
  [[ -n $author ]] || { echo "FAIL: no author link on $commentary"; exit 1; }
  fetch "$author" "$lang-author"
  about=$(first_link "$work/pages/$lang-home.html" "/$lang/[a-z0-9-]*/")
  fetch "$about" "$lang-page"
  fetch "/$lang/no-such-page/" "$lang-404" 404
  fetch "/$lang/topics/security/?page=0" "$lang-400" 400
done
fetch "/xx/" "unknown-language-404" 404
fetch "/en/%zz/" "bad-encoding-400" 400

echo "checking $n pages with the W3C Nu HTML checker"
if java -jar "$vnu" --errors-only --format text "$work"/pages/*.html; then
  echo "vnu: 0 errors in $n pages"
else
  echo "vnu: errors found (see above)"
  exit 1
fi
