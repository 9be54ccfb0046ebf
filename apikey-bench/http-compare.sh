#!/usr/bin/env bash
# HTTP comparison of two builds of the example app: both serve at once (SQLite key stores of their own), and wrk
# alternates between their protected GET /secure-data in one run, so the ratio B/A is a same-run figure.
# Usage: apikey-bench/http-compare.sh A.jar B.jar [rounds] [seconds-per-run]     (defaults: 5 rounds of 10 s)
# e.g. A = the example built from a commit before a change, B = apikey-example/target/apikey-example.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=${1:?the first example jar (A)}
JAR_B=${2:?the second example jar (B)}
ROUNDS=${3:-5}
SECONDS_PER_RUN=${4:-10}
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d)
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; rm -rf "$WORK"' EXIT
export APIKEY_AUDIT_LEVEL=${APIKEY_AUDIT_LEVEL:-WARN}   # successes are not logged (the library's default is DEBUG)

start() { # name jar port -> prints the key it issued
  mkdir -p "$WORK/$1"
  APIKEY_DB_URL="jdbc:sqlite:$WORK/$1/keys.db" java -jar "$2" serve --port "$3" >"$WORK/$1/out" 2>"$WORK/$1/err" &
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -q "listening on" "$WORK/$1/err" && break; sleep 1; done
  grep -q "listening on" "$WORK/$1/err" || { cat "$WORK/$1/err" >&2; exit 1; }
}
start a "$JAR_A" "$PORT_A"
start b "$JAR_B" "$PORT_B"
KEY_A=$(APIKEY_DB_URL="jdbc:sqlite:$WORK/a/keys.db" java -jar "$JAR_A" keys create --name bench 2>/dev/null)
KEY_B=$(APIKEY_DB_URL="jdbc:sqlite:$WORK/b/keys.db" java -jar "$JAR_B" keys create --name bench 2>/dev/null)

run() { # port key -> "requests/s p50 p99"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "X-API-Key: $2" "http://127.0.0.1:$1/secure-data" \
    | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}

echo "== warming up (both servers, ${SECONDS_PER_RUN}s each)" >&2
curl -sf -H "X-API-Key: $KEY_A" "http://127.0.0.1:$PORT_A/secure-data" >/dev/null
curl -sf -H "X-API-Key: $KEY_B" "http://127.0.0.1:$PORT_B/secure-data" >/dev/null
run "$PORT_A" "$KEY_A" >/dev/null; run "$PORT_B" "$KEY_B" >/dev/null

printf "%-6s %12s %12s %8s %10s %10s %10s %10s\n" round "A r/s" "B r/s" "B/A" "A p50" "B p50" "A p99" "B p99"
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then A=$(run "$PORT_A" "$KEY_A"); B=$(run "$PORT_B" "$KEY_B"); else B=$(run "$PORT_B" "$KEY_B"); A=$(run "$PORT_A" "$KEY_A"); fi
  read -r arps ap50 ap99 <<<"$A"; read -r brps bp50 bp99 <<<"$B"
  ratio=$(awk -v a="$arps" -v b="$brps" 'BEGIN {printf "%.3f", b/a}')
  RATIOS+=("$ratio")
  printf "%-6s %12s %12s %8s %10s %10s %10s %10s\n" "$round" "$arps" "$brps" "$ratio" "$ap50" "$bp50" "$ap99" "$bp99"
done
printf "median ratio (B / A requests/s): %s\n" "$(printf "%s\n" "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
