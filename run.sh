#!/usr/bin/env bash
# Mailferry in one command: builds the WAR, starts the demo source and destination IMAP servers
# and Payara Micro on an H2 database in ./data. Ctrl-C stops everything; data/ survives restarts.
# Needs JDK 17 and Maven. PORT (default 8080) sets the HTTP port.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8080}"
PAYARA_JAR=target/payara/payara-micro-6.2025.10.jar
DEMO_USERS="alice@demo.mailferry.test, bob@demo.mailferry.test, carol@demo.mailferry.test"
pids=()

cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# HTTP status of http://127.0.0.1:$PORT/ (000 while nothing answers); curl if there, else bash.
http_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PORT/" || true
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
      read -r -t 5 _ code _ <&3 && echo "$code") 2>/dev/null || echo 000
  fi
}

echo "Building Mailferry (the first build downloads dependencies and takes a few minutes)..."
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath

mkdir -p data
if [ -z "${MAILFERRY_SECRET_KEY:-}" ]; then
  [ -s data/secret-key ] || (umask 077 && head -c 32 /dev/urandom | base64 > data/secret-key)
  MAILFERRY_SECRET_KEY="$(cat data/secret-key)"
fi

echo "Starting the demo mail servers (log: data/demo-mail.log)..."
java -Xmx256m -cp "target/test-classes:$(cat target/demo.classpath)" io.mailferry.demo.DemoMailServers \
  > data/demo-mail.log 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  grep -q '^Demo mail servers ready' data/demo-mail.log && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "The demo mail servers did not start (ports 3143/3144/3110 in use?). data/demo-mail.log:" >&2
    tail -n 20 data/demo-mail.log >&2 || true
    exit 1
  fi
  sleep 0.5
done
grep '^Demo mail servers ready' data/demo-mail.log || { echo "The demo mail servers are not ready after 60 s." >&2; exit 1; }

# Show the banner once the application answers (Payara itself sends 404 until the WAR is deployed).
(
  for _ in $(seq 1 300); do
    case "$(http_status)" in
      2?? | 3?? | 401)
        cat <<EOF

==========================================================================
  Mailferry is ready:  http://127.0.0.1:$PORT/
  Admin login:         ${MAILFERRY_ADMIN_USER:-admin} / ${MAILFERRY_ADMIN_PASSWORD:-admin}
  Demo domain:         demo.mailferry.test
  Demo users:          $DEMO_USERS
                       password: demo
  Demo IMAP servers:   source 127.0.0.1:3143, destination 127.0.0.1:3144
  Demo POP3 server:    127.0.0.1:3110 (the source's INBOXes; try it under POP3 fetch)
  Data:                ./data        Stop: Ctrl-C
==========================================================================

EOF
        exit 0 ;;
    esac
    sleep 1
  done
  echo "Mailferry did not answer on http://127.0.0.1:$PORT/ within 5 minutes: see the log above." >&2
) &
pids+=($!)

# Payara Micro with a kept --rootdir would first redeploy the previous WAR from it and then fail
# the post-boot file's create commands as duplicates; the data lives in data/mailferry.mv.db.
rm -rf data/payara
export MAILFERRY_DEMO=true MAILFERRY_SECRET_KEY \
  MAILFERRY_DESTINATION_HOST=127.0.0.1 MAILFERRY_DESTINATION_PORT=3144 \
  MAILFERRY_DESTINATION_SECURITY=none MAILFERRY_DESTINATION_ALLOW_PLAINTEXT=true \
  MAILFERRY_PROVISIONER=none
java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$PAYARA_JAR" --deploy target/mailferry.war --contextroot / --port "$PORT" \
  --nohazelcast --disablephonehome --rootdir data/payara \
  --prebootcommandfile server-config/loopback.asadmin \
  --postbootcommandfile server-config/h2-embedded.asadmin &
pids+=($!)
wait "${pids[-1]}"
