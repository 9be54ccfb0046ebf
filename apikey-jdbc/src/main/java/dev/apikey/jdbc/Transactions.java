package dev.apikey.jdbc;

import dev.apikey.KeyStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * How the store talks to its database: prepared connections (timeouts, SQLite pragmas) and the one way every write
 * runs — key writes, usage, rate-limit counters, migrations, the hashing scheme — begun, committed, or rolled back
 * on any failure.
 */
final class Transactions implements Connections {

    /** Work done inside {@link #write}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Executor NETWORK_TIMEOUTS = Runnable::run;
    /** Added to the query timeout to bound a connection's reads (and its opening). */
    static final int NETWORK_TIMEOUT_MARGIN_MILLIS = 3_000;

    private final DataSource dataSource;
    private final Database database;
    private final int busyTimeoutMillis;

    Transactions(DataSource dataSource, Database database, int busyTimeoutMillis) {
        this.dataSource = dataSource;
        this.database = database;
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    /** A prepared connection whose commits are synced to disk. */
    @Override
    public Connection open() throws SQLException {
        return open(true);
    }

    /** A prepared connection; {@code durable}: commits synced to disk (everything but rate-limit counters). */
    Connection open(boolean durable) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            bound(connection, busyTimeoutMillis + NETWORK_TIMEOUT_MARGIN_MILLIS);
            database.prepare(connection, busyTimeoutMillis, durable);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Work without a result, done inside {@link #run}. */
    @FunctionalInterface
    interface Step {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code step} as {@link #write} runs work, for writes that have nothing to return. */
    void run(boolean durable, Step step) throws SQLException {
        write(durable, connection -> {
            step.run(connection);
            return Boolean.TRUE;
        });
    }

    /** Runs {@code work} in one transaction on a connection of its own, rolled back if it throws. */
    <T> T write(boolean durable, Work<T> work) throws SQLException {
        try (Connection connection = open(durable)) {
            database.begin(connection);
            try {
                T result = work.run(connection);
                database.commit(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
        }
    }

    /** The error for a database failure while doing {@code what}: the cause, redacted, and what to check. */
    KeyStoreException failure(String what, SQLException e) {
        return new KeyStoreException(
                "the key database failed while " + what + ": " + JdbcUrls.redact(e.getMessage())
                        + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")")
                        + database.adviceFor(e),
                e);
    }

    /**
     * Bounds every read on the connection, so a database that hangs (half-open TCP, a stalled server) fails the
     * request instead of holding its thread: the query timeout alone cannot, its cancel travels the same dead path.
     */
    static void bound(Connection connection, int millis) {
        try {
            connection.setNetworkTimeout(NETWORK_TIMEOUTS, millis);
        } catch (SQLException | UnsupportedOperationException e) {
            // the driver has no network timeout (SQLite: a local file); the query timeout applies
        }
    }
}
