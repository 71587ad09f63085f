#!/usr/bin/env bash
# The README's test command: runs every test (unit and integration) with `mvn -B verify`.
# The integration tests start private Dovecot and PostgreSQL instances on 127.0.0.1 (and drive
# Chromium for the UI), so this first installs those packages when they are missing, and stops
# the system services the packages may have started: the tests run their own instances.
# Extra arguments go to Maven, e.g. ./test.sh -Dit.test=DovecotServerIT
set -euo pipefail
cd "$(dirname "$0")"

packages=(dovecot-imapd dovecot-pop3d dovecot-pgsql postgresql chromium chromium-driver isync openssl)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$package")
  fi
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "test.sh: need root (or sudo) for: $*" >&2
    exit 1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  # Keep the packages' maintainer scripts from starting their services (we run our own);
  # leave an existing policy alone.
  own_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    own_policy=yes
  fi
  status=0
  as_root apt-get update || status=$?
  if [ "$status" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" || status=$?
  fi
  if [ "$own_policy" = yes ]; then
    as_root rm -f /usr/sbin/policy-rc.d
  fi
  if [ "$status" -ne 0 ]; then
    echo "test.sh: installing ${missing[*]} failed" >&2
    exit "$status"
  fi
fi

# The system Dovecot and PostgreSQL must not hold ports 143/993/110/995/5432 or get in the way.
stop_service() {
  local service=$1
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    as_root systemctl stop "$service" >/dev/null 2>&1 || true
    as_root systemctl disable "$service" >/dev/null 2>&1 || true
  fi
  if command -v service >/dev/null 2>&1; then
    as_root service "$service" stop >/dev/null 2>&1 || true
  fi
}
stop_service dovecot
stop_service postgresql
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r version cluster _port status _rest; do
    if [ "$status" = online ]; then
      as_root pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
    fi
  done
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "test.sh: Maven (mvn) is not installed" >&2
  exit 1
fi
exec mvn -B verify "$@"
