# Sourced by test.sh and benchmark.sh: installs Debian packages that are missing, without letting
# their maintainer scripts start services (the tests and the benchmark run their own instances).
#   install_missing <caller> <package>...

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "${caller:-$0}: need root (or sudo) for: $*" >&2
    exit 1
  fi
}

install_missing() {
  caller=$1
  shift
  local missing=()
  for package in "$@"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
      missing+=("$package")
    fi
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  echo "$caller: installing ${missing[*]}"
  # leave an existing policy alone
  local own_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    own_policy=yes
  fi
  local status=0
  as_root apt-get update || status=$?
  if [ "$status" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "${missing[@]}" || status=$?
  fi
  if [ "$own_policy" = yes ]; then
    as_root rm -f /usr/sbin/policy-rc.d
  fi
  if [ "$status" -ne 0 ]; then
    echo "$caller: installing ${missing[*]} failed" >&2
    exit "$status"
  fi
}
