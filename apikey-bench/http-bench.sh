#!/usr/bin/env bash
# HTTP benchmark: the example app's protected GET /secure-data against the same servlet mounted without the
# filter (/unprotected/secure-data), in one server, alternated in one run with wrk on loopback.
# Usage: apikey-bench/http-bench.sh [rounds] [seconds-per-run]     (defaults: 3 rounds of 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-10}
PORT=${PORT:-18089}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
JAR=${JAR:-apikey-example/target/apikey-example.jar}   # JAR=other.jar to measure another build
if [[ ! -f "$JAR" ]]; then
  echo "== building $JAR" >&2
  ./mvnw -B -ntp -q -pl apikey-example -am package -DskipTests
fi

WORK=$(mktemp -d)
export APIKEY_DB_URL="jdbc:sqlite:$WORK/keys.db"
export APIKEY_AUDIT_LEVEL=${APIKEY_AUDIT_LEVEL:-WARN}   # successes are not logged (the library's default is DEBUG)
java -jar "$JAR" serve --port "$PORT" --bench-unprotected >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do grep -q "listening on" "$WORK/err" && break; sleep 1; done
grep -q "listening on" "$WORK/err" || { cat "$WORK/err"; exit 1; }
KEY=$(java -jar "$JAR" keys create --name bench 2>/dev/null)

run() { # path -> "requests/s p50 p99" (latencies in ms)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$1" \
    | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v }'; }

echo "== warming up (both endpoints, ${SECONDS_PER_RUN}s each)" >&2
curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT/secure-data" >/dev/null
curl -sf "http://127.0.0.1:$PORT/unprotected/secure-data" >/dev/null
run /secure-data >/dev/null; run /unprotected/secure-data >/dev/null

printf "%-6s %14s %14s %8s %12s %12s %12s %12s\n" round "protected r/s" "unprot. r/s" ratio "prot. p50" "unprot. p50" "prot. p99" "unprot. p99"
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then P=$(run /secure-data); U=$(run /unprotected/secure-data); else U=$(run /unprotected/secure-data); P=$(run /secure-data); fi
  read -r prps pp50 pp99 <<<"$P"; read -r urps up50 up99 <<<"$U"
  ratio=$(awk -v a="$prps" -v b="$urps" 'BEGIN {printf "%.3f", a/b}')
  RATIOS+=("$ratio")
  printf "%-6s %14s %14s %8s %12s %12s %12s %12s\n" "$round" "$prps" "$urps" "$ratio" "$(to_ms "$pp50")ms" "$(to_ms "$up50")ms" "$(to_ms "$pp99")ms" "$(to_ms "$up99")ms"
done
printf "median ratio (protected / unprotected requests/s): %s\n" "$(printf "%s\n" "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
