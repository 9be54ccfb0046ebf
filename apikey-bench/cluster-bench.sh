#!/usr/bin/env bash
# Two example instances sharing one PostgreSQL schema and one Redis (APIKEY_LIMITS=redis://…): metered vs unmetered
# requests/s across both (two wrk processes at once, one per instance, alternated rounds), then how many requests of
# a key limited to LIMIT per hour the two admit together when hammered at once (must be at most LIMIT).
# Usage: apikey-bench/cluster-bench.sh [rounds] [seconds-per-run]   (defaults: 5 × 5 s; LIMIT=1000, APIKEY_REDIS_BATCH)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-5}
PORT=${PORT:-18091}
LIMIT=${LIMIT:-1000}
JAR=${JAR:-apikey-example/target/apikey-example.jar}
[[ -f "$JAR" ]] || ./mvnw -B -ntp -q -pl apikey-example -am package -DskipTests
SCHEMA=apikey_cluster_bench
psql -h 127.0.0.1 -U postgres test -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA" 2>/dev/null
export APIKEY_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$SCHEMA"
export APIKEY_LIMITS=${APIKEY_LIMITS:-redis://127.0.0.1:6379}
export APIKEY_AUDIT_LEVEL=${APIKEY_AUDIT_LEVEL:-WARN}
WORK=$(mktemp -d)
java -jar "$JAR" serve --port "$PORT" >"$WORK/out1" 2>"$WORK/err1" &
ONE=$!
trap 'kill $ONE ${TWO:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do grep -q "listening on" "$WORK/err1" && break; sleep 1; done
java -jar "$JAR" serve --port "$((PORT + 1))" >"$WORK/out2" 2>"$WORK/err2" &
TWO=$!
for _ in $(seq 1 60); do grep -q "listening on" "$WORK/err2" && break; sleep 1; done
grep -q "listening on" "$WORK/err2" || { cat "$WORK/err1" "$WORK/err2"; exit 1; }
PLAIN=$(java -jar "$JAR" keys create --name cluster-unmetered 2>/dev/null)
METERED=$(java -jar "$JAR" keys create --name cluster-metered --rate-limit 1000000000/1s 2>/dev/null)
LIMITED=$(java -jar "$JAR" keys create --name cluster-limited --rate-limit "$LIMIT/1h" 2>/dev/null)

both() { # key -> total requests/s of the two instances, and their non-2xx answers
  wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" -H "X-API-Key: $1" "http://127.0.0.1:$PORT/secure-data" >"$WORK/w1" &
  wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" -H "X-API-Key: $1" "http://127.0.0.1:$((PORT + 1))/secure-data" >"$WORK/w2"
  wait "$!" 2>/dev/null || true
  awk '/Requests\/sec/ {rps+=$2} /Non-2xx/ {bad+=$NF} END {printf "%.2f %d\n", rps, bad}' "$WORK/w1" "$WORK/w2"
}
echo "== two instances, $APIKEY_LIMITS (batch ${APIKEY_REDIS_BATCH:-100}); warming up" >&2
both "$PLAIN" >/dev/null; both "$METERED" >/dev/null
printf "%-6s %14s %14s %8s %6s\n" round "metered r/s" "unmetered r/s" ratio non2xx
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then M=$(both "$METERED"); U=$(both "$PLAIN"); else U=$(both "$PLAIN"); M=$(both "$METERED"); fi
  read -r mrps mbad <<<"$M"; read -r urps ubad <<<"$U"
  ratio=$(awk -v a="$mrps" -v b="$urps" 'BEGIN {printf "%.3f", a/b}')
  RATIOS+=("$ratio")
  printf "%-6s %14s %14s %8s %6s\n" "$round" "$mrps" "$urps" "$ratio" "$((mbad + ubad))"
done
printf "median ratio (metered / unmetered requests/s, two instances): %s\n" "$(printf "%s\n" "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"

# Over-admission: both instances hammer a key limited to LIMIT per hour; count the 200s.
cat >"$WORK/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0 end
function response(status, headers, body) if status == 200 then ok = ok + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("ok") end
  io.write(string.format("admitted %d\n", n))
end
LUA
wrk -t1 -c16 -d3s -s "$WORK/count.lua" -H "X-API-Key: $LIMITED" "http://127.0.0.1:$PORT/secure-data" >"$WORK/l1" &
wrk -t1 -c16 -d3s -s "$WORK/count.lua" -H "X-API-Key: $LIMITED" "http://127.0.0.1:$((PORT + 1))/secure-data" >"$WORK/l2"
wait "$!" 2>/dev/null || true
ADMITTED=$(awk '/^admitted/ {n+=$2} END {print n}' "$WORK/l1" "$WORK/l2")
echo "a key limited to $LIMIT/1h, hammered on both instances for 3 s: $ADMITTED admitted in total"
