package dev.apikey.jdbc;

import dev.apikey.KeyHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a store to the hashing scheme its database's keys were written with ({@code apikey_schema.hashing_scheme}):
 * the first hasher bound to a database records its {@link HashingScheme}; a hasher with another one is refused with
 * a {@link HashingSchemeMismatchException}. Checking reads without a lock; only the first recording writes. Until
 * the check has succeeded (the database was unreachable, or had no schema, when the hasher was bound) it runs again
 * before every lookup and inside every {@code save}, so no key is ever written, nor looked up, under another scheme.
 */
final class HashingSchemeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcKeyStore.class);

    private final Transactions transactions;
    private final int queryTimeoutSeconds;
    private volatile @Nullable HashingScheme expected;
    private volatile boolean confirmed;

    HashingSchemeCheck(Transactions transactions, int queryTimeoutSeconds) {
        this.transactions = transactions;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /**
     * Binds {@code hasher} and checks it now if the database can say.
     *
     * @throws HashingSchemeMismatchException if the database's keys were hashed with another scheme
     * @throws IllegalStateException          if another hasher is already bound to this store
     */
    void bind(KeyHasher hasher) {
        HashingScheme scheme = HashingScheme.of(hasher);
        HashingScheme previous;
        synchronized (this) {
            previous = expected;
            if (expected != null && !expected.equals(scheme)) {
                throw new IllegalStateException("this JdbcKeyStore is already used with a hasher of another scheme ("
                        + expected.algorithm() + "); give every ApiKeys on one store the same hasher");
            }
            expected = scheme;
        }
        try {
            confirm();
        } catch (HashingSchemeMismatchException e) {
            synchronized (this) {
                expected = previous; // refused: bound as before this call
            }
            throw e;
        } catch (SQLException e) {
            LOG.warn(
                    "the hashing scheme could not be checked yet ({}); it is checked before the first lookup or write",
                    JdbcUrls.redact(e.getMessage()));
        }
    }

    /** Checks (and on first use records) the bound scheme, unless none is bound or it was confirmed already. */
    void confirm() throws SQLException {
        HashingScheme scheme = expected;
        if (scheme == null || confirmed) {
            return;
        }
        String stored;
        try (Connection connection = transactions.open()) {
            stored = read(connection);
        }
        if (stored == null) {
            stored = transactions.write(true, connection -> recordIfAbsent(connection, scheme));
        }
        settle(stored, scheme);
    }

    /** Inside a write transaction that is about to store a key: the check, if it has not succeeded yet. */
    void beforeWrite(Connection connection) throws SQLException {
        HashingScheme scheme = expected;
        if (scheme == null || confirmed) {
            return;
        }
        String stored = read(connection);
        // Checked, not marked confirmed: the transaction may still roll back (and run again), undoing the record.
        // The next lookup's confirm() reads it once, committed, and marks it.
        check(stored != null ? stored : recordIfAbsent(connection, scheme), scheme);
    }

    private void settle(String stored, HashingScheme scheme) {
        check(stored, scheme);
        confirmed = true;
    }

    private static void check(String stored, HashingScheme scheme) {
        if (!stored.equals(scheme.text())) {
            throw new HashingSchemeMismatchException(stored, scheme);
        }
    }

    /** Records {@code scheme} unless another process did first; returns what is recorded now. */
    private String recordIfAbsent(Connection connection, HashingScheme scheme) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE apikey_schema SET hashing_scheme = ?" + " WHERE component = ? AND hashing_scheme IS NULL")) {
            update.setQueryTimeout(queryTimeoutSeconds);
            update.setString(1, scheme.text());
            update.setString(2, SchemaMigration.COMPONENT);
            if (update.executeUpdate() == 1) {
                LOG.info(
                        "recorded the key database's hashing scheme ({}) on its first use with a hasher; a process"
                                + " with another algorithm or pepper is refused from now on",
                        scheme.algorithm());
                return scheme.text();
            }
        }
        String stored = read(connection);
        if (stored == null) {
            throw new SQLException("the key database has no schema row: call createSchema()");
        }
        return stored;
    }

    /** The recorded fingerprint, or null when none is recorded yet. */
    private String read(Connection connection) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT hashing_scheme FROM apikey_schema WHERE component = ?")) {
            query.setQueryTimeout(queryTimeoutSeconds);
            query.setString(1, SchemaMigration.COMPONENT);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the key database has no schema yet: call createSchema()");
                }
                return row.getString(1);
            }
        } catch (SQLException e) {
            if (isMissingColumnOrTable(e)) {
                throw new SQLException(
                        "the key database's schema is older than this apikey-jdbc (no hashing_scheme"
                                + " column) or missing: call createSchema() to create or migrate it",
                        e.getSQLState(),
                        e);
            }
            throw e;
        }
    }

    private static boolean isMissingColumnOrTable(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return "42703".equals(e.getSQLState())
                || "42P01".equals(e.getSQLState())
                || "42S02".equals(e.getSQLState()) // MySQL: no such table
                || "42S22".equals(e.getSQLState()) // MySQL: no such column
                || message.contains("no such column")
                || message.contains("no such table");
    }
}
