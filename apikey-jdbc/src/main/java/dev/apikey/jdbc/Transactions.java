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
    private final Runnable dropPooledConnections;

    /**
     * @param dropPooledConnections run when a connection is found broken: the other pooled connections, opened before
     *     the same outage or database restart, are most likely broken too
     */
    Transactions(DataSource dataSource, Database database, int busyTimeoutMillis, Runnable dropPooledConnections) {
        this.dataSource = dataSource;
        this.database = database;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.dropPooledConnections = dropPooledConnections;
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

    /**
     * Runs read-only {@code work} on a prepared connection; if the connection turns out broken (SQL state class
     * {@code 08}: a pooled connection the network or a database restart cut while it was idle), once more on a new
     * one, after dropping the pooled connections, so the first request after an outage is not refused for them.
     */
    <T> T read(Work<T> work) throws SQLException {
        try (Connection connection = open()) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                if (!isConnectionFailure(e)) {
                    throw e;
                }
                dropPooledConnections.run();
            }
        }
        try (Connection connection = open()) {
            return work.run(connection);
        }
    }

    /**
     * A connection found broken (SQL state class {@code 08}) — not one that timed out: a database that hangs would
     * only hang again, and the request must be refused within its timeout.
     */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !state.startsWith("08")) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.sql.SQLTimeoutException) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own, rolled back if it throws. If the connection
     * turns out broken before the commit was sent (SQL state class {@code 08}), the database has rolled it back, and
     * it runs once more on a new connection; a connection lost during the commit is reported, never retried. A
     * transaction that lost a deadlock (MySQL's first inserts of one counter row can) runs again, up to three times.
     */
    <T> T write(boolean durable, Work<T> work) throws SQLException {
        for (int conflicts = 0; ; conflicts++) {
            try {
                try {
                    return attempt(durable, work);
                } catch (BrokenBeforeCommit e) {
                    return attempt(durable, work);
                }
            } catch (SQLException e) {
                // A deadlock or serialisation conflict rolled the whole transaction back: run it again, a few times.
                if (!Database.isConflict(e) || conflicts >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** How often a transaction that lost a deadlock runs again before its failure is reported. */
    private static final int MAX_CONFLICT_RETRIES = 3;

    private <T> T attempt(boolean durable, Work<T> work) throws SQLException {
        try (Connection connection = open(durable)) {
            T result;
            try {
                database.begin(connection);
                result = work.run(connection);
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                if (e instanceof SQLException failure && isConnectionFailure(failure)) {
                    dropPooledConnections.run();
                    throw new BrokenBeforeCommit(failure);
                }
                throw e;
            }
            try {
                database.commit(connection);
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
            return result;
        }
    }

    /** A transaction whose connection broke before its commit: nothing of it was written. */
    private static final class BrokenBeforeCommit extends SQLException {
        private static final long serialVersionUID = 1L;

        BrokenBeforeCommit(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    /** The error for a database failure while doing {@code what}: the cause, redacted, and what to check. */
    KeyStoreException failure(String what, SQLException e) {
        return new KeyStoreException(
                "the key database failed while " + what + ": " + reason(e)
                        + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")")
                        + database.adviceFor(e),
                e);
    }

    /**
     * What went wrong, redacted: the message, and the cause's when the exception only reports it (a pool that timed
     * out waiting for a connection it could not open says why in its cause).
     */
    static String reason(SQLException e) {
        Throwable cause = e.getCause();
        String message = String.valueOf(e.getMessage());
        if (cause != null && cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return JdbcUrls.redact(message);
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
