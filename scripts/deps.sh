#!/usr/bin/env bash
# Installs every Debian and npm package barometer needs to build, test, demo and benchmark.
# Idempotent: skips apt when all packages are present; works as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libicu-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libfmt-dev zlib1g-dev libsodium-dev libgtest-dev libgmock-dev
  nginx-light wrk curl default-jre-headless nodejs npm
  chromium fonts-dejavu-core postgresql openssl
  libpq-dev
  libgmime-3.0-dev libssl-dev libqrencode-dev
  libxml2-dev libxml2-utils python3-feedparser
  python3-aiosmtpd python3-dkim python3-nacl postfix
  clang libclang-rt-14-dev
  prometheus help2man lintian
  libstemmer-dev libhunspell-dev hunspell-be hunspell-ru
  libarchive-dev
)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs from another source may already provide node and npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if command -v java >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ $p == default-jre-headless ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  # Postfix is installed only for its smtp-sink/smtp-source test tools: no mail system set up.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages for the HTML checker and browser tests, pinned in package-lock.json.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "deps: npm ci"
  if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
