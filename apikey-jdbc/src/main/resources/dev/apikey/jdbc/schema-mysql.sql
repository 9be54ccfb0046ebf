-- apikey-jdbc schema, version 4 (the first MySQL/MariaDB has), MySQL 8 and MariaDB 10.6+, InnoDB.
-- Instants are microseconds since 1970-01-01T00:00:00Z; key_hash is the key's 32-byte hash in lower-case hex;
-- scopes and allowed_networks are space-separated; metadata is k=v pairs joined by & with percent-encoded values.
-- utf8mb4_bin: ids, hashes and names compare exactly (the servers' default collations ignore case and accents).
-- Each statement commits by itself (MySQL DDL is not transactional): every one may run again after a failure.
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
  use_count        BIGINT       NOT NULL DEFAULT 0,
  rate_limit       VARCHAR(64),
  quota            VARCHAR(64),
  lineage          VARCHAR(64),
  UNIQUE KEY api_keys_key_hash (key_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE TABLE IF NOT EXISTS api_key_limits (
  key_id       VARCHAR(64) NOT NULL PRIMARY KEY,
  tokens       DOUBLE PRECISION,
  last_nanos   BIGINT      NOT NULL,
  window_start BIGINT,
  used         BIGINT      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE TABLE IF NOT EXISTS apikey_schema (
  component      VARCHAR(32)  NOT NULL PRIMARY KEY,
  version        INTEGER      NOT NULL,
  hashing_scheme VARCHAR(100)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
