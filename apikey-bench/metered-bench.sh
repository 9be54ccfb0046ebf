#!/usr/bin/env bash
# Metered vs unmetered key on the example app's GET /secure-data: one server, two keys (one with a rate limit too
# high to refuse anything, one without), alternated in one run with wrk on loopback. The store and the limiter are the
# example's: APIKEY_DB_URL (default: a fresh SQLite file) and APIKEY_LIMITS (write-behind, exact or redis://…).
# Usage: APIKEY_LIMITS=write-behind apikey-bench/metered-bench.sh [rounds] [seconds-per-run]   (defaults: 5 × 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-10}
PORT=${PORT:-18090}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
JAR=${JAR:-apikey-example/target/apikey-example.jar}
[[ -f "$JAR" ]] || ./mvnw -B -ntp -q -pl apikey-example -am package -DskipTests

WORK=$(mktemp -d)
export APIKEY_DB_URL=${APIKEY_DB_URL:-"jdbc:sqlite:$WORK/keys.db"}
export APIKEY_LIMITS=${APIKEY_LIMITS:-write-behind}
export APIKEY_AUDIT_LEVEL=${APIKEY_AUDIT_LEVEL:-WARN}
java -jar "$JAR" serve --port "$PORT" >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do grep -q "listening on" "$WORK/err" && break; sleep 1; done
grep -q "listening on" "$WORK/err" || { cat "$WORK/err"; exit 1; }
PLAIN=$(java -jar "$JAR" keys create --name bench-unmetered 2>/dev/null)
METERED=$(java -jar "$JAR" keys create --name bench-metered --rate-limit 1000000000/1s 2>/dev/null)

run() { # key -> "requests/s p50 p99 non-2xx"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "X-API-Key: $1" "http://127.0.0.1:$PORT/secure-data" \
    | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {print rps, p50, p99, bad+0}'
}
echo "== $APIKEY_LIMITS limiter, store ${APIKEY_DB_URL%%\?*}; warming up" >&2
run "$PLAIN" >/dev/null; run "$METERED" >/dev/null
printf "%-6s %14s %14s %8s %10s %10s %10s %10s %6s\n" round "metered r/s" "unmetered r/s" ratio "met. p50" "unm. p50" "met. p99" "unm. p99" non2xx
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then M=$(run "$METERED"); U=$(run "$PLAIN"); else U=$(run "$PLAIN"); M=$(run "$METERED"); fi
  read -r mrps mp50 mp99 mbad <<<"$M"; read -r urps up50 up99 ubad <<<"$U"
  ratio=$(awk -v a="$mrps" -v b="$urps" 'BEGIN {printf "%.3f", a/b}')
  RATIOS+=("$ratio")
  printf "%-6s %14s %14s %8s %10s %10s %10s %10s %6s\n" "$round" "$mrps" "$urps" "$ratio" "$mp50" "$up50" "$mp99" "$up99" "$((mbad + ubad))"
done
printf "median ratio (metered / unmetered requests/s): %s\n" "$(printf "%s\n" "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
