#!/usr/bin/env bash
# The W3C Nu HTML checker (npm vnu-jar) over one page of each type in each language, served by the
# real binary running the demo site on loopback, and over every page of the back office (/admin,
# signed in as an admin made with `barometer user add`, served by `barometer serve` on the same
# data). Passes only with 0 errors.
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
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" 2>/dev/null | head -1) || true  # the log may not exist yet
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

search_word() {  # a word the demo has in every week's texts, per language
  case $1 in en) echo "week" ;; be) echo "%D1%82%D1%8B%D0%B4%D0%BD%D1%8F" ;; ru) echo "%D0%BD%D0%B5%D0%B4%D0%B5%D0%BB%D0%B8" ;; esac
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
  # Search (issue 14): with results, with none (and suggestions), the filters alone, bad input.
  fetch "/$lang/search?q=$(search_word "$lang")" "$lang-search"
  fetch "/$lang/search?q=$(search_word "$lang")&lang=all&page=2" "$lang-search-page2"
  fetch "/$lang/search?q=zzzqqq+%22no+such%22+-x" "$lang-search-none"
  fetch "/$lang/search?q=$(search_word "$lang")&from=2016-W01&to=2016-W02" "$lang-search-none-suggest"
  fetch "/$lang/search?topic=security&assessment=worse&from=2022-W01&to=2022-W52" "$lang-search-filters"
  fetch "/$lang/search?q=%3Cscript%3E%22%26&outlook=risk&author=" "$lang-search-markup"
  fetch "/$lang/search?assessment=sideways" "$lang-search-400" 400
done
fetch "/xx/" "unknown-language-404" 404
fetch "/en/%zz/" "bad-encoding-400" 400

# --- The back office: the demo server stops, an admin account is added, `serve` takes over.
kill $server_pid 2>/dev/null || true
wait $server_pid 2>/dev/null || true
printf '%s\n' 'vnu-check-password-0123' >"$work/password"
"$binary" user add --data "$work/site" --email admin@vnu.test --name "Vnu Admin" --role admin \
  --password-file "$work/password" >>"$work/server.log" 2>&1
"$binary" serve --data "$work/site" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" 2>/dev/null | head -1) || true  # the log may not exist yet
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { echo "serve did not start:"; cat "$work/serve.log"; exit 1; }
base="http://127.0.0.1:$port"
jar="$work/cookies"
csrf_of() { grep -o 'name="_csrf" value="[0-9a-f]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }
admin_fetch() {  # admin_fetch URL_PATH NAME [expected status] [Accept-Language]
  local expected=${3:-200}
  local status
  status=$(curl -s -b "$jar" -c "$jar" -H "Accept-Language: ${4:-en}" -o "$work/pages/$2.html" -w '%{http_code}' "$base$1")
  if [[ $status != "$expected" ]]; then echo "FAIL $1: status $status, expected $expected"; exit 1; fi
  n=$((n + 1))
}
admin_post() {  # admin_post URL_PATH BODY -> the Location header ("" when none)
  curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{redirect_url}' --data "$2" "$base$1"
}
admin_fetch "/admin/login" "admin-login"
csrf=$(csrf_of "$work/pages/admin-login.html")
signed_in=$(admin_post "/admin/login" "_csrf=$csrf&email=admin%40vnu.test&password=vnu-check-password-0123")
[[ -n $signed_in ]] || { echo "FAIL: sign-in to /admin did not redirect"; exit 1; }
admin_fetch "/admin/?period=2022-W09" "admin-board"
admin_fetch "/admin/?period=2022-W09" "admin-board-ru" 200 ru
admin_fetch "/admin/?period=2022-W09" "admin-board-be" 200 be
csrf=$(csrf_of "$work/pages/admin-board.html")
admin_fetch "/admin/commentaries/new" "admin-editor-new"
# A new commentary, saved twice, so it has revisions to list and compare.
form="_csrf=$csrf&topic=security&period=2030-W01&assessment=worse&outlook=risk&title_en=Vnu+check&lead_en=Lead."
created=$(admin_post "/admin/commentaries/new" "$form&action=save&body_en=First.")
id=$(sed -n 's/.*\/admin\/commentaries\/\([0-9]*\)\/.*/\1/p' <<<"$created")
[[ -n $id ]] || { echo "FAIL: saving a commentary did not redirect to it ($created)"; exit 1; }
admin_post "/admin/commentaries/$id/" "$form&action=save&body_en=Second+**text**." >/dev/null
admin_fetch "/admin/commentaries/$id/" "admin-editor-edit"
admin_fetch "/admin/commentaries/$id/" "admin-editor-edit-ru" 200 ru
status=$(curl -s -b "$jar" -o "$work/pages/admin-editor-422.html" -w '%{http_code}' \
  --data "_csrf=$csrf&action=save&topic=security&period=nonsense&assessment=worse&title_en=&lead_en=x&ev_date_0=x" \
  "$base/admin/commentaries/new")
[[ $status == 422 ]] || { echo "FAIL: an invalid editor form gave $status, expected 422"; exit 1; }
n=$((n + 1))
status=$(curl -s -b "$jar" -o "$work/pages/admin-editor-preview.html" -w '%{http_code}' \
  --data "$form&action=preview&body_en=Preview." "$base/admin/commentaries/$id/")
[[ $status == 200 ]] || { echo "FAIL: the editor's preview gave $status"; exit 1; }
n=$((n + 1))
admin_fetch "/admin/commentaries/$id/revisions/" "admin-revisions"
diff=$(grep -o "/admin/commentaries/$id/revisions/diff?from=[0-9]*&amp;to=[0-9]*" "$work/pages/admin-revisions.html" | head -1)
[[ -n $diff ]] || { echo "FAIL: no comparison link among the revisions of commentary $id"; exit 1; }
admin_fetch "$(sed 's/&amp;/\&/g' <<<"$diff")" "admin-revision-diff"
admin_fetch "/admin/audit/" "admin-audit"
admin_fetch "/admin/topics/" "admin-topics"
admin_fetch "/admin/topics/new" "admin-topic-new"
admin_fetch "/admin/topics/security/" "admin-topic-edit"
admin_fetch "/admin/authors/" "admin-authors"
admin_fetch "/admin/authors/new" "admin-author-new"
author=$(first_link "$work/pages/admin-authors.html" "/admin/authors/[a-z0-9-]*/")
[[ -n $author ]] && admin_fetch "$author" "admin-author-edit"
admin_fetch "/admin/pages/" "admin-pages"
admin_fetch "/admin/pages/new" "admin-page-new"
page=$(first_link "$work/pages/admin-pages.html" "/admin/pages/[a-z0-9-]*/")
[[ -n $page ]] && admin_fetch "$page" "admin-page-edit"
admin_fetch "/admin/settings/" "admin-settings"
admin_fetch "/admin/staff/" "admin-staff"
admin_fetch "/admin/staff/new" "admin-staff-new"
staff=$(first_link "$work/pages/admin-staff.html" "/admin/staff/[0-9]*/")
[[ -n $staff ]] && admin_fetch "$staff" "admin-staff-edit"
# The newsletter's pages, where this build's navigation offers them.
if grep -q 'href="/admin/newsletter/"' "$work/pages/admin-board.html"; then
  admin_fetch "/admin/newsletter/" "admin-newsletter"
  admin_fetch "/admin/newsletter/outbox/" "admin-newsletter-outbox"
  admin_fetch "/admin/newsletter/subscribers/" "admin-newsletter-subscribers"
fi
admin_fetch "/admin/no-such-page/" "admin-404" 404

echo "checking $n pages with the W3C Nu HTML checker"
if java -jar "$vnu" --errors-only --format text "$work"/pages/*.html; then
  echo "vnu: 0 errors in $n pages"
else
  echo "vnu: errors found (see above)"
  exit 1
fi
