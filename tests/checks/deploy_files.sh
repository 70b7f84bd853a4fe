#!/usr/bin/env bash
# The deployment examples in deploy/ are valid: `nginx -t` over deploy/nginx-barometer.conf (with a
# throwaway self-signed certificate in place of the real one) and, where systemd is installed,
# `systemd-analyze verify` over deploy/barometer.service and the daily backup's
# deploy/barometer-backup.{service,timer} (with this build's binary as ExecStart).
# Usage: deploy_files.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
command -v nginx >/dev/null || { echo "nginx missing: run make deps"; exit 1; }
command -v openssl >/dev/null || { echo "openssl missing: run make deps"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=barometer.example.org" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>"$work/openssl.log" ||
  { cat "$work/openssl.log"; exit 1; }
sed "s#/etc/letsencrypt/live/barometer.example.org/#$work/#" "$source_dir/deploy/nginx-barometer.conf" >"$work/site.conf"
grep -q "$work/fullchain.pem" "$work/site.conf" || { echo "FAIL: certificate path not found in the nginx example"; exit 1; }
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<NGINX
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  include $work/site.conf;
}
NGINX
if ! nginx -t -q -p "$work" -e "$work/error.log" -c "$work/nginx.conf" 2>"$work/nginx-t.log"; then
  echo "FAIL: nginx -t rejects deploy/nginx-barometer.conf:"
  cat "$work/nginx-t.log" "$work/error.log" 2>/dev/null
  exit 1
fi
echo "ok: nginx -t accepts deploy/nginx-barometer.conf"

# The unit file must name every hardening option docs/deploy.md promises.
unit="$source_dir/deploy/barometer.service"
for option in NoNewPrivileges=yes ProtectSystem=strict ReadWritePaths=/var/lib/barometer PrivateTmp=yes \
  Restart=on-failure EnvironmentFile= "ExecStart=/usr/local/bin/barometer serve --data /var/lib/barometer"; do
  grep -q "^$option" "$unit" || { echo "FAIL: $unit lacks $option"; exit 1; }
done
grep -q "^ExecStart=.*/usr/local/bin/barometer export --data /var/lib/barometer --out " \
  "$source_dir/deploy/barometer-backup.service" || { echo "FAIL: barometer-backup.service does not run export"; exit 1; }
grep -q "^OnCalendar=" "$source_dir/deploy/barometer-backup.timer" || { echo "FAIL: barometer-backup.timer has no OnCalendar"; exit 1; }
if command -v systemd-analyze >/dev/null; then
  sed "s#/usr/local/bin/barometer#$(readlink -f "$binary")#" "$unit" >"$work/barometer.service"
  if ! systemd-analyze verify "$work/barometer.service" >"$work/verify.log" 2>&1 || [[ -s $work/verify.log ]]; then
    echo "FAIL: systemd-analyze verify deploy/barometer.service:"
    cat "$work/verify.log"
    exit 1
  fi
  echo "ok: systemd-analyze verify accepts deploy/barometer.service"
  # The daily backup: the service and its timer, verified together (the timer names the service).
  sed "s#/usr/local/bin/barometer#$(readlink -f "$binary")#" "$source_dir/deploy/barometer-backup.service" \
    >"$work/barometer-backup.service"
  cp "$source_dir/deploy/barometer-backup.timer" "$work/barometer-backup.timer"
  if ! systemd-analyze verify "$work/barometer-backup.service" "$work/barometer-backup.timer" \
    >"$work/verify-backup.log" 2>&1 || [[ -s $work/verify-backup.log ]]; then
    echo "FAIL: systemd-analyze verify deploy/barometer-backup.{service,timer}:"
    cat "$work/verify-backup.log"
    exit 1
  fi
  echo "ok: systemd-analyze verify accepts deploy/barometer-backup.{service,timer}"
else
  echo "note: systemd-analyze not installed; unit file checked for its options only"
fi
