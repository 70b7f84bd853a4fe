#!/usr/bin/env bash
# The Debian package (docs/decisions/0019-debian-package.md), built from this release build the way
# `make deb` builds it (cpack), then:
#  1. its contents and control files (dpkg-deb): the binary (stripped), both themes, the man page,
#     the copyright file, the unit, site.toml listed as a conffile, /var/lib/barometer and its
#     site.toml link, everything owned by root, nothing set-id or world-writable;
#  2. lintian reports no error (warnings are listed in the decision);
#  3. an install -> upgrade (the same build packaged as a higher version) -> remove -> purge cycle
#     with the real dpkg and the package's real maintainer scripts, chrooted into a throwaway copy-on-
#     write Debian 12 root: an overlay over this machine's own / in a private mount namespace, so
#     nothing reaches the host (its dpkg database, /etc and users stay as they are). Between the
#     steps: the user, owners and modes, the site `postinst` created, the service's enablement,
#     `barometer serve` run as the barometer user answering /healthz and a themed home page (the
#     source tree hidden, so the themes must come from /usr/share), the administrator's edit of
#     the conffile kept by the upgrade, the data kept by remove and deleted by purge;
#  4. `systemd-analyze verify` over the installed unit.
# Needs root (a mount namespace, an overlay, chroot); exits 77 (skipped) otherwise.
# Usage: deb_package.sh BAROMETER_BINARY SOURCE_DIR
set -euo pipefail
binary=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
build=$(dirname "$binary")
for tool in dpkg-deb lintian cpack help2man unshare chroot curl; do
  command -v "$tool" >/dev/null || { echo "$tool missing: run make deps"; exit 1; }
done
if [[ $(id -u) -ne 0 ]]; then
  echo "skipped: the install cycle needs root (a private mount namespace and chroot)"
  exit 77
fi

version=$(sed -n 's/^project(barometer VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
[[ -n $version ]] || { echo "FAIL: no project(VERSION) in CMakeLists.txt"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# --- Build: version 1 as `make deb` does, version 2 the same files under a higher version.
cmake --build "$build" --target package_files >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
(cd "$build" && cpack -G DEB -B "$work/v1" >"$work/cpack1.log" 2>&1) || { cat "$work/cpack1.log"; exit 1; }
(cd "$build" && cpack -G DEB -B "$work/v2" -D CPACK_PACKAGE_VERSION="$version+1" >"$work/cpack2.log" 2>&1) || { cat "$work/cpack2.log"; exit 1; }
deb1=$work/v1/barometer_${version}_amd64.deb
deb2=$work/v2/barometer_${version}+1_amd64.deb
[[ -f $deb1 && -f $deb2 ]] || fail "cpack made no barometer_${version}_amd64.deb: $(ls "$work"/v1 "$work"/v2)"
echo "ok: built $(basename "$deb1") ($(du -k "$deb1" | cut -f1) KiB) and $(basename "$deb2")"

# --- 1. Contents and control files.
[[ $(dpkg-deb -f "$deb1" Package Version Architecture | tr '\n' ' ') == "Package: barometer Version: $version Architecture: amd64 " ]] ||
  fail "control fields: $(dpkg-deb -f "$deb1" Package Version Architecture)"
depends=$(dpkg-deb -f "$deb1" Depends)
for dep in adduser libc6 libsqlite3-0 libpq5 libicu72 libgmime-3.0-0 libsodium23; do
  [[ ", $depends," == *", $dep"[\ ,]* ]] || fail "Depends lacks $dep: $depends"
done
dpkg-deb -c "$deb1" >"$work/contents"
has() { grep -qE "$1" "$work/contents" || fail "the package lacks $2"; }
has '^-rwxr-xr-x root/root .* \./usr/bin/barometer$' "/usr/bin/barometer (0755 root)"
has ' \./usr/share/barometer/themes/default/templates/' "the default theme"
has ' \./usr/share/barometer/themes/default/locales/' "the default theme's locales"
has ' \./usr/share/barometer/themes/admin/templates/' "the admin theme"
has '^-rw-r--r-- root/root .* \./etc/barometer/site\.toml$' "/etc/barometer/site.toml"
has ' \./lib/systemd/system/barometer\.service$' "the systemd unit"
has '^d.* \./var/lib/barometer/$' "/var/lib/barometer"
has '^l.* \./var/lib/barometer/site\.toml -> /etc/barometer/site\.toml$' "the data directory's link to site.toml"
has ' \./usr/share/man/man1/barometer\.1\.gz$' "the man page"
has ' \./usr/share/doc/barometer/copyright$' "the copyright file"
if grep -vE '^[-dl][rwx-]{9} root/root ' "$work/contents" | grep -q .; then fail "files not owned by root: $(grep -vE ' root/root ' "$work/contents")"; fi
if awk '$1 ~ /^-/ && ($1 ~ /[sS]/ || substr($1, 9, 1) == "w")' "$work/contents" | grep -q .; then fail "set-id or world-writable files"; fi
dpkg-deb -e "$deb1" "$work/control"
[[ $(cat "$work/control/conffiles") == /etc/barometer/site.toml ]] || fail "conffiles: $(cat "$work/control/conffiles" 2>/dev/null)"
for script in postinst prerm postrm; do
  [[ -x $work/control/$script ]] || fail "no executable $script"
  sh -n "$work/control/$script" || fail "$script: syntax"
done
dpkg-deb -x "$deb1" "$work/extracted"
if readelf -S "$work/extracted/usr/bin/barometer" | grep -q '\.debug_info'; then fail "the packaged binary is not stripped"; fi
zcat "$work/extracted/usr/share/man/man1/barometer.1.gz" | grep -q '^\.SS "barometer serve"' || fail "the man page lacks serve's --help"
grep -q "^ExecStart=/usr/bin/barometer serve --data /var/lib/barometer$" "$work/extracted/lib/systemd/system/barometer.service" ||
  fail "the unit does not run /usr/bin/barometer serve --data /var/lib/barometer"
for option in User=barometer NoNewPrivileges=yes ProtectSystem=strict ReadWritePaths=/var/lib/barometer PrivateTmp=yes; do
  grep -q "^$option" "$work/extracted/lib/systemd/system/barometer.service" || fail "the unit lacks $option"
done
echo "ok: dpkg-deb: files, owners and modes, conffile, maintainer scripts, Depends, stripped binary, man page, unit"

# --- 2. lintian: no error. Its warnings and notes are printed for the log.
# --fail-on error: exit 1 on an error tag, another status when lintian itself fails.
lintian_status=0
lintian --allow-root --display-info --tag-display-limit 0 --fail-on error "$deb1" >"$work/lintian.log" 2>&1 || lintian_status=$?
sed 's/^/  lintian: /' "$work/lintian.log"
((lintian_status == 0)) || fail "lintian exits $lintian_status (1: error tags above)"
echo "ok: lintian: no error"

# --- 3. and 4.: the cycle in a throwaway root, all inside one private mount namespace.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp "$deb1" "$deb2" "$work/"
DEB1=$(basename "$deb1")
DEB2=$(basename "$deb2")
export WORK=$work DEB1 DEB2 VERSION=$version PORT=$port SOURCE_DIR=$source_dir
host_before="$(ls -d /etc/barometer /var/lib/barometer 2>/dev/null; getent passwd barometer || true)"
if ! unshare --mount --propagation private bash "$source_dir/tests/checks/deb/cycle.sh"; then
  fail "the install/upgrade/remove/purge cycle (above)"
fi
# The host saw none of it: no /etc/barometer, data directory or user that was not there before.
[[ "$(ls -d /etc/barometer /var/lib/barometer 2>/dev/null; getent passwd barometer || true)" == "$host_before" ]] ||
  fail "the cycle changed the host"
echo "ok: the Debian package installs, upgrades, is removed and purged"
