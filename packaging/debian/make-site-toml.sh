#!/usr/bin/env bash
# The package's /etc/barometer/site.toml: the file `barometer init` writes (every setting of the
# settings table, commented with its default; database and listen set), after a header that says
# where the file is and how it is read. Generated, so it never falls behind the settings table.
# Usage: make-site-toml.sh BAROMETER_BINARY OUTPUT
set -euo pipefail
binary=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" init "$work/site" >/dev/null
{
  cat <<'HEADER'
# /etc/barometer/site.toml — installed by the barometer Debian package. A conffile: your changes
# are kept on upgrades (dpkg asks when the packaged file changed too) and removed only by a purge.
# /var/lib/barometer/site.toml links here, so the service (`barometer serve --data
# /var/lib/barometer`) and every command run with `--data /var/lib/barometer` read this file;
# relative paths below (database, access_log, dkim_key) are resolved against /var/lib/barometer.
# Secrets may instead go in /etc/barometer/barometer.env (BAROMETER_DATABASE=..., mode 0640).
# Changes take effect with `systemctl restart barometer`.
#
HEADER
  cat "$work/site/site.toml"
} >"$out"
