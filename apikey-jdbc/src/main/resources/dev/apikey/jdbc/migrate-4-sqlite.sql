-- apikey-jdbc schema migration 3 -> 4, SQLite: the fingerprint of the hashing scheme the keys are hashed with
-- (algorithm and a keyed check value, never the pepper), recorded on first use; NULL until then.
ALTER TABLE apikey_schema ADD COLUMN hashing_scheme VARCHAR(100);
