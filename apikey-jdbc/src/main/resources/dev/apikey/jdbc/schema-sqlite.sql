-- apikey-jdbc schema, version 1, SQLite.
-- Instants are microseconds since 1970-01-01T00:00:00Z; key_hash is the key's 32-byte hash in lower-case hex;
-- scopes and allowed_networks are space-separated; metadata is k=v pairs joined by & with percent-encoded values.
CREATE TABLE IF NOT EXISTS api_keys (
  id               VARCHAR(64)  NOT NULL PRIMARY KEY,
  name             VARCHAR(200) NOT NULL,
  key_hash         CHAR(64)     NOT NULL,
  hint             VARCHAR(40)  NOT NULL,
  scopes           TEXT         NOT NULL,
  allowed_networks TEXT         NOT NULL,
  metadata         TEXT         NOT NULL,
  created_at       BIGINT       NOT NULL,
  not_before       BIGINT,
  expires_at       BIGINT,
  revoked_at       BIGINT,
  last_used_at     BIGINT,
  use_count        BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS api_keys_key_hash ON api_keys (key_hash);
CREATE TABLE IF NOT EXISTS apikey_schema (
  component VARCHAR(32) NOT NULL PRIMARY KEY,
  version   INTEGER     NOT NULL
);
