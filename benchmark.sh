#!/usr/bin/env bash
# Mailferry against mbsync on two private Dovecot servers on 127.0.0.1 (see README, Performance).
#   ./benchmark.sh [-Dname=value ...] [smoke|one|parallel|bigfolder|large|largeparallel|latency|resync|signup|typical|realistic|realisticparallel ...]
#   (default: one parallel)
# Installs dovecot and isync through apt-get when missing (as test.sh does), builds, and runs
# io.mailferry.benchmark.Benchmark from the test classpath. Results: target/benchmark/results.json
# and results.md. BENCH_OPTS passes system properties, e.g.
#   BENCH_OPTS="-Dbench.messages=5000 -Dbench.jfr=true" ./benchmark.sh one
# or as arguments before the scenarios: ./benchmark.sh -Dbench.messages=10000 realistic
# (realisticparallel: min(CPUs + 1, 6) realistic mailboxes of -Dbench.parallelRealisticMessages,
# default 10000, at once, against as many mbsync processes)
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/packages.sh
. scripts/packages.sh
install_missing benchmark.sh dovecot-imapd isync

props=()
while [ $# -gt 0 ] && [[ "$1" == -D* ]]; do
  props+=("$1")
  shift
done

echo "Building..."
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

# shellcheck disable=SC2086
exec java -Xmx2g ${BENCH_OPTS:-} "${props[@]}" \
  -Dpayara.microJar="$(ls target/payara/payara-micro-*.jar | head -1)" \
  -Dmailferry.war=target/mailferry.war -Dproject.build.directory=target \
  -cp "target/test-classes:$(cat target/bench.classpath)" io.mailferry.benchmark.Benchmark "$@"
