-- apikey-jdbc schema migration 1 -> 2, SQLite: per-key rate limits and quotas, and their shared counters.
ALTER TABLE api_keys ADD COLUMN rate_limit VARCHAR(64);
ALTER TABLE api_keys ADD COLUMN quota VARCHAR(64);
CREATE TABLE IF NOT EXISTS api_key_limits (
  key_id       VARCHAR(64) NOT NULL PRIMARY KEY,
  tokens       DOUBLE PRECISION,
  last_nanos   BIGINT      NOT NULL,
  window_start BIGINT,
  used         BIGINT      NOT NULL
);
