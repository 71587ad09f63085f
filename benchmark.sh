#!/usr/bin/env bash
# Mailferry against mbsync on two private Dovecot servers on 127.0.0.1 (see README, Performance).
#   ./benchmark.sh [smoke|one|parallel|bigfolder|large|largeparallel|latency|resync|signup ...]   (default: one parallel)
# Installs dovecot and isync through apt-get when missing (as test.sh does), builds, and runs
# io.mailferry.benchmark.Benchmark from the test classpath. Results: target/benchmark/results.json
# and results.md. BENCH_OPTS passes system properties, e.g.
#   BENCH_OPTS="-Dbench.messages=5000 -Dbench.jfr=true" ./benchmark.sh one
set -euo pipefail
cd "$(dirname "$0")"

packages=(dovecot-imapd isync)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$package")
done
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "benchmark.sh: need root (or sudo) for: $*" >&2; exit 1; fi
}
if [ "${#missing[@]}" -gt 0 ]; then
  echo "benchmark.sh: installing ${missing[*]}"
  own_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep the packages from starting their services
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    own_policy=yes
  fi
  status=0
  as_root apt-get update || status=$?
  [ "$status" -eq 0 ] && { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    --no-install-recommends "${missing[@]}" || status=$?; }
  [ "$own_policy" = yes ] && as_root rm -f /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || { echo "benchmark.sh: installing ${missing[*]} failed" >&2; exit "$status"; }
fi

echo "Building..."
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

# shellcheck disable=SC2086
exec java -Xmx2g ${BENCH_OPTS:-} \
  -Dpayara.microJar=target/payara/payara-micro-6.2025.10.jar \
  -Dmailferry.war=target/mailferry.war -Dproject.build.directory=target \
  -cp "target/test-classes:$(cat target/bench.classpath)" io.mailferry.benchmark.Benchmark "$@"
