package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The statements on the keys table ({@value JdbcKeyStore#TABLE}), each on a connection the caller holds. */
final class KeyTable {

    private static final String TABLE = JdbcKeyStore.TABLE;

    private final Database database;
    private final int queryTimeoutSeconds;

    KeyTable(Database database, int queryTimeoutSeconds) {
        this.database = database;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** The key whose {@code column} ({@code key_hash} or {@code id}) is {@code value}, if any. */
    Optional<ApiKey> selectOne(Connection connection, String column, String value)
            throws SQLException, KeyRows.CorruptRowException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + KeyRows.COLUMNS + " FROM " + TABLE + " WHERE " + column + " = ?")) {
            query.setQueryTimeout(queryTimeoutSeconds);
            query.setString(1, value);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? exactly(column, value, KeyRows.read(row)) : Optional.empty();
            }
        }
    }

    /** Every key, oldest first; a corrupt row is handed to {@code corrupt} and left out. */
    List<ApiKey> selectAll(Connection connection, Consumer<KeyRows.CorruptRowException> corrupt) throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + KeyRows.COLUMNS + " FROM " + TABLE + " ORDER BY created_at, id")) {
            query.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    try {
                        keys.add(KeyRows.read(row));
                    } catch (KeyRows.CorruptRowException e) {
                        corrupt.accept(e);
                    }
                }
            }
        }
        return keys;
    }

    /** The key {@code id}, its row locked until the transaction ends (PostgreSQL; SQLite locks the whole file). */
    Optional<ApiKey> selectForUpdate(Connection connection, String id)
            throws SQLException, KeyRows.CorruptRowException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + KeyRows.COLUMNS + " FROM " + TABLE + " WHERE id = ?" + database.lockRow())) {
            query.setQueryTimeout(queryTimeoutSeconds);
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? exactly("id", id, KeyRows.read(row)) : Optional.empty();
            }
        }
    }

    /**
     * {@code key} only if its id is exactly {@code value} when looked up by id: MySQL's collations ignore trailing
     * spaces in comparisons ({@code PAD SPACE}), so {@code "key_1 "} would find {@code key_1}.
     */
    private static Optional<ApiKey> exactly(String column, String value, ApiKey key) {
        return column.equals("id") && !key.id().equals(value) ? Optional.empty() : Optional.of(key);
    }

    void insert(Connection connection, ApiKey key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (" + KeyRows.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setQueryTimeout(queryTimeoutSeconds);
            KeyRows.bindAll(insert, key);
            insert.executeUpdate();
        }
    }

    /** Writes what {@code KeyUpdates} lets change: never the id, the hash or the usage. */
    void updateAttributes(Connection connection, ApiKey changed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET name = ?, hint = ?,"
                + " scopes = ?, allowed_networks = ?, metadata = ?, created_at = ?, not_before = ?, expires_at = ?,"
                + " revoked_at = ?, rate_limit = ?, quota = ? WHERE id = ?")) {
            update.setQueryTimeout(queryTimeoutSeconds);
            update.setString(1, changed.name());
            update.setString(2, changed.hint());
            KeyRows.bindAttributes(update, 3, changed);
            KeyRows.setInstant(update, 6, changed.createdAt());
            KeyRows.setInstant(update, 7, changed.notBefore().orElse(null));
            KeyRows.setInstant(update, 8, changed.expiresAt().orElse(null));
            KeyRows.setInstant(update, 9, changed.revokedAt().orElse(null));
            KeyRows.bindLimits(update, 10, changed);
            update.setString(12, changed.id());
            update.executeUpdate();
        }
    }

    /** Adds the counts and keeps the latest time, in one batch, rows taken in id order. */
    void addUsage(Connection connection, Collection<KeyUsage> usage) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + TABLE + " SET use_count = use_count + ?,"
                        + " last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END"
                        + " WHERE id = ?")) {
            update.setQueryTimeout(queryTimeoutSeconds);
            // One order for every instance's batches, so concurrent flushes never lock rows crosswise.
            List<KeyUsage> ordered = new ArrayList<>(usage);
            ordered.sort(Comparator.comparing(KeyUsage::keyId));
            for (KeyUsage report : ordered) {
                long lastUsed = KeyRows.micros(report.lastUsedAt());
                update.setLong(1, report.uses());
                update.setLong(2, lastUsed);
                update.setLong(3, lastUsed);
                update.setString(4, report.keyId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** On PostgreSQL, tells every instance (at commit) that the key with this hash changed. */
    void notifyChange(Connection connection, KeyHash hash) throws SQLException {
        if (database == Database.POSTGRESQL) {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, PostgresChangeListener.CHANNEL);
                notify.setString(2, hash.toHex());
                notify.execute();
            }
        }
    }
}
