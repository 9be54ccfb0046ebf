-- apikey-jdbc schema migration 2 -> 3, PostgreSQL: rotation lineage, the id of the key that began a key's rotation
-- chain, whose rate-limit and quota counters (api_key_limits.key_id) its successors share.
ALTER TABLE api_keys ADD COLUMN lineage VARCHAR(64);
