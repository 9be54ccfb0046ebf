#!/usr/bin/env bash
# 10 million keys in PostgreSQL: fills schema apikey_large with N generated keys (once; N=10000000 by default) and
# prints the lookup latency of a JdbcKeyStore over it (apikey-bench/scripts/LargeStoreLatency.java).
# Usage: N=10000000 apikey-bench/large-store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000000}
SCHEMA=apikey_large
URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$SCHEMA"
[[ -f apikey-bench/target/benchmarks.jar ]] || ./mvnw -B -ntp -q -pl apikey-bench -am package -DskipTests
PSQL=(psql -h 127.0.0.1 -U postgres test -v ON_ERROR_STOP=1 -q)
if [[ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = '$SCHEMA' AND tablename = 'api_keys'")" != 1 ]] \
    || [[ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM $SCHEMA.api_keys")" != "$N" ]]; then
  echo "== filling $SCHEMA.api_keys with $N keys" >&2
  "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA"
  for script in schema-postgresql migrate-2-postgresql migrate-3-postgresql migrate-4-postgresql; do
    "${PSQL[@]}" -c "SET search_path = $SCHEMA" -f "apikey-jdbc/src/main/resources/dev/apikey/jdbc/$script.sql"
  done
  "${PSQL[@]}" -c "SET search_path = $SCHEMA; INSERT INTO apikey_schema (component, version) VALUES ('apikey', 4);
    ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_pkey; DROP INDEX IF EXISTS api_keys_key_hash;
    INSERT INTO api_keys (id, name, key_hash, hint, scopes, allowed_networks, metadata, created_at)
      SELECT 'key_large' || i, 'large ' || i, encode(sha256(('k' || i)::bytea), 'hex'), 'ak_x', '', '', '',
             1764547200000000 FROM generate_series(0, $N - 1) AS i;
    ALTER TABLE api_keys ADD PRIMARY KEY (id); CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);"
  "${PSQL[@]}" -c "VACUUM ANALYZE $SCHEMA.api_keys"
fi
java -cp apikey-bench/target/benchmarks.jar apikey-bench/scripts/LargeStoreLatency.java "$URL" "$N"
