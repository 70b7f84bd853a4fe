#!/usr/bin/env bash
# barometer.1.gz from the binary's own --help: help2man turns `barometer --help` and `--version`
# into the page; every subcommand's --help (and its own subcommands', e.g. `user add`) is added as
# a COMMANDS section, verbatim, so the page says what the binary says and is never edited by hand.
# Usage: make-manpage.sh BAROMETER_BINARY OUTPUT.1.gz
set -euo pipefail
binary=$1
out=$2
command -v help2man >/dev/null || { echo "help2man missing: run make deps" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

subcommands() { "$binary" "$@" --help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z0-9]/ { print $1 }'; }
# One help text as a roff no-fill block: backslashes escaped, a leading . or ' made literal.
verbatim() {
  echo ".SS \"barometer $*\""
  echo ".nf"
  "$binary" "$@" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  echo ".fi"
}
{
  echo "[COMMANDS]"
  for cmd in $(subcommands); do
    verbatim "$cmd"
    for sub in $(subcommands "$cmd"); do verbatim "$cmd" "$sub"; done
  done
  cat <<'ROFF'
[FILES]
.TP
.I /etc/barometer/site.toml
The configuration (Debian package); \fI/var/lib/barometer/site.toml\fR links to it.
.TP
.I /var/lib/barometer
The data directory: the SQLite database, the mail outbox (maildir).
.TP
.I /usr/share/barometer/themes
The built-in themes.
[SEE ALSO]
.I /usr/share/doc/barometer/deploy.md
and
.I README.md
ROFF
} >"$work/include"
help2man --locale=C.UTF-8 --no-info --section=1 --name="a weekly situation monitor" --include="$work/include" \
  --output="$work/barometer.1" "$binary"
gzip -9n <"$work/barometer.1" >"$out"
