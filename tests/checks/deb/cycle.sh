#!/usr/bin/env bash
# The install -> upgrade -> remove -> purge cycle of tests/checks/deb_package.sh, which runs this
# inside `unshare --mount --propagation private` (every mount here disappears with the namespace).
# The throwaway root is an overlay: this machine's / (Debian 12 with barometer's libraries) read-only
# below, a tmpfs above that takes every write of dpkg and the maintainer scripts. The source tree
# is hidden, so the binary can only find its themes where the package put them.
# Environment: WORK (holds DEB1 and DEB2), VERSION, PORT, SOURCE_DIR.
set -euo pipefail
fail() { echo "FAIL: $*"; exit 1; }
# A server still running when a step fails is stopped (it would keep the namespace alive).
server=""
trap 'if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi' EXIT
root=$WORK/root
mkdir -p "$WORK/ov" "$root"
mount -t tmpfs -o size=2g tmpfs "$WORK/ov"
mkdir "$WORK/ov/upper" "$WORK/ov/work"
mount -t overlay overlay -o "lowerdir=/,upperdir=$WORK/ov/upper,workdir=$WORK/ov/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --rbind /sys "$root/sys"
# Hidden: /run, /tmp and the source tree (the installed binary must not find the themes there). A
# source tree inside /tmp (CI clones into one) is hidden already by the empty /tmp.
for empty in /run /tmp "$SOURCE_DIR"; do
  if [[ $empty == "$SOURCE_DIR" && ( $empty == /tmp/* || $empty == /run/* ) ]]; then continue; fi
  mount -t tmpfs tmpfs "$root$empty"
done
cp "$WORK/$DEB1" "$WORK/$DEB2" "$root/tmp/"
# man-db's trigger would rebuild the whole manual index at each step: not what is tested here.
rm -f "$root/var/lib/man-db/auto-update"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
# stdin closed: a conffile question from dpkg fails the step instead of waiting.
dpkg_step() {  # dpkg_step NAME DPKG-ARGUMENTS...
  local log=$WORK/dpkg-$1.log
  shift
  if ! in_root dpkg "$@" </dev/null >"$log" 2>&1; then cat "$log"; fail "dpkg $*"; fi
}
expect() {  # expect DESCRIPTION EXPECTED COMMAND...
  local what=$1 want=$2 got
  shift 2
  got=$("$@" 2>&1) || true
  [[ $got == "$want" ]] || fail "$what: expected '$want', got '$got'"
}
owner_mode() { in_root stat -c '%U:%G %a' "$1"; }
# shellcheck disable=SC2016  # dpkg-query's own ${field} syntax
status() { in_root dpkg-query -W -f='${Status} ${Version}' barometer; }
enabled_link=$root/etc/systemd/system/multi-user.target.wants/barometer.service

# A node of the installed package, run as the service runs it (the barometer user, --data), until
# it answers /healthz; then the home page must be the theme's, with its stylesheet served.
serve_check() {
  # chroot, env and setpriv each exec the next (no shell function: it would fork a subshell), so
  # $! is the server itself, which SIGTERM must stop with status 0.
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
    setpriv --reuid barometer --regid barometer --init-groups \
    /usr/bin/barometer serve --data /var/lib/barometer --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
  local pid=$! up=""
  server=$pid
  for _ in $(seq 100); do
    if [[ $(curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null) == ok ]]; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $up ]]; then kill "$pid" 2>/dev/null || true; cat "$WORK/serve.log"; fail "$1: serve did not answer /healthz"; fi
  local home css
  home=$(curl -fsSL "http://127.0.0.1:$PORT/") || { kill "$pid"; fail "$1: GET / failed"; }
  css=$(grep -o 'href="/static/[^"]*\.css[^"]*"' <<<"$home" | head -1 | cut -d'"' -f2) || true
  [[ -n $css ]] || { kill "$pid"; fail "$1: the home page names no theme stylesheet"; }
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT$css" || { kill "$pid"; fail "$1: $css not served"; }
  kill "$pid"
  wait "$pid" || fail "$1: serve did not exit 0 on SIGTERM"
  server=""
  echo "ok: $1: serve as the barometer user answers /healthz and serves the theme ($css)"
}

# --- Install.
dpkg_step install -i "/tmp/$DEB1"
expect "status after install" "install ok installed $VERSION" status
expect "the system user" "barometer:/var/lib/barometer:/usr/sbin/nologin" \
  bash -c "chroot '$root' getent passwd barometer | cut -d: -f1,6,7"
uid=$(chroot "$root" id -u barometer)
((uid < 1000)) || fail "barometer is not a system user (uid $uid)"
expect "/var/lib/barometer" "barometer:barometer 750" owner_mode /var/lib/barometer
expect "/etc/barometer/site.toml" "root:barometer 640" owner_mode /etc/barometer/site.toml
expect "the site postinst created" "barometer:barometer" in_root stat -c '%U:%G' /var/lib/barometer/barometer.db
[[ -L $enabled_link ]] || fail "the unit is not enabled (no $enabled_link)"
echo "ok: install: user, owners and modes, a first site, the unit enabled"
if ! in_root systemd-analyze verify /lib/systemd/system/barometer.service >"$WORK/verify.log" 2>&1 || [[ -s $WORK/verify.log ]]; then
  cat "$WORK/verify.log"
  fail "systemd-analyze verify /lib/systemd/system/barometer.service"
fi
echo "ok: systemd-analyze verify accepts the installed unit"
serve_check install

# --- The administrator's changes: a setting in the conffile, a staff account in the database.
echo 'cache_mb = 32' >>"$root/etc/barometer/site.toml"
printf 'correct horse battery staple\n' >"$root/tmp/password"
chmod 644 "$root/tmp/password"
in_root setpriv --reuid barometer --regid barometer --init-groups /usr/bin/barometer user add \
  --data /var/lib/barometer --email admin@example.org --name Admin --role admin --password-file /tmp/password \
  >"$WORK/user.log" 2>&1 || { cat "$WORK/user.log"; fail "user add in the installed site"; }

# --- Upgrade.
dpkg_step upgrade -i "/tmp/$DEB2"
expect "status after upgrade" "install ok installed $VERSION+1" status
expect "the conffile edit after upgrade" "cache_mb = 32" tail -1 "$root/etc/barometer/site.toml"
expect "/var/lib/barometer after upgrade" "barometer:barometer 750" owner_mode /var/lib/barometer
expect "/etc/barometer/site.toml after upgrade" "root:barometer 640" owner_mode /etc/barometer/site.toml
users=$(in_root setpriv --reuid barometer --regid barometer --init-groups /usr/bin/barometer user list --data /var/lib/barometer 2>&1) ||
  fail "user list after upgrade: $users"
grep -q '^admin@example.org' <<<"$users" || fail "the staff account is gone after the upgrade: $users"
[[ -L $enabled_link ]] || fail "the unit is no longer enabled after the upgrade"
echo "ok: upgrade to $VERSION+1: the conffile edit, owners, data and enablement kept"
serve_check upgrade

# --- Remove: the programs go, the configuration and the data stay.
dpkg_step remove -r barometer
expect "status after remove" "deinstall ok config-files $VERSION+1" status
[[ ! -e $root/usr/bin/barometer && ! -e $root/usr/share/barometer ]] || fail "remove left the binary or the themes"
[[ -f $root/etc/barometer/site.toml ]] || fail "remove deleted the conffile"
[[ -f $root/var/lib/barometer/barometer.db ]] || fail "remove deleted the data"
echo "ok: remove: binary and themes gone, site.toml and the database kept"

# --- Purge: everything the package created goes, but the system user.
dpkg_step purge -P barometer
expect "status after purge" "" bash -c "chroot '$root' dpkg-query -W -f='\${Status}' barometer 2>/dev/null | grep -v not-installed"
for path in /etc/barometer /var/lib/barometer /etc/systemd/system/multi-user.target.wants/barometer.service \
  /etc/systemd/system/barometer.service /var/lib/systemd/deb-systemd-helper-enabled/barometer.service \
  /var/lib/systemd/deb-systemd-helper-masked/barometer.service; do
  [[ ! -e $root$path && ! -L $root$path ]] || fail "purge left $path"
done
if in_root dpkg-statoverride --list | grep -q barometer; then fail "purge left stat overrides: $(in_root dpkg-statoverride --list)"; fi
chroot "$root" getent passwd barometer >/dev/null || fail "purge removed the system user (it is kept on purpose)"
echo "ok: purge: /etc/barometer, /var/lib/barometer, stat overrides and systemd state gone; the user kept"
