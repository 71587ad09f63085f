#!/usr/bin/env bash
# The README's test command: runs every test (unit and integration) with `mvn -B verify`.
# The integration tests start private Dovecot and PostgreSQL instances on 127.0.0.1 (and drive
# Chromium for the UI), so this first installs those packages when they are missing, and stops
# the system services the packages may have started: the tests run their own instances.
# Extra arguments go to Maven, e.g. ./test.sh -Dit.test=DovecotServerIT
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/packages.sh
. scripts/packages.sh
install_missing test.sh dovecot-imapd dovecot-pop3d dovecot-pgsql postgresql chromium \
  chromium-driver isync openssl

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
