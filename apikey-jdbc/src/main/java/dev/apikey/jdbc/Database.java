package dev.apikey.jdbc;

import dev.apikey.KeyStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The databases {@link JdbcKeyStore} supports, and what differs between them. */
public enum Database {
    /** An SQLite file: one machine, several processes (WAL mode, busy timeout). */
    SQLITE("schema-sqlite.sql"),
    /** PostgreSQL: several application instances, revocations pushed with LISTEN/NOTIFY. */
    POSTGRESQL("schema-postgresql.sql", 1),
    /**
     * MySQL 8 or MariaDB 10.6 and later (InnoDB): several application instances; other instances' changes are seen
     * within the cache TTL.
     */
    MYSQL("schema-mysql.sql", 4);

    private final String schemaScript;
    private final int baselineVersion;

    Database(String schemaScript) {
        this(schemaScript, 1);
    }

    Database(String schemaScript, int baselineVersion) {
        this.schemaScript = schemaScript;
        this.baselineVersion = baselineVersion;
    }

    String schemaScript() {
        return schemaScript;
    }

    /**
     * The schema version {@link #schemaScript()} creates; migrations go on from there. MySQL support began at
     * version 4, so its script creates that version whole.
     */
    int baselineVersion() {
        return baselineVersion;
    }

    /** The script that migrates the schema from {@code version - 1} to {@code version}. */
    String migrationScript(int version) {
        return "migrate-" + version + "-" + name().toLowerCase(Locale.ROOT) + ".sql";
    }

    /**
     * Makes concurrent schema creation and migration by several processes take turns: PostgreSQL takes a
     * transaction-scoped advisory lock before any DDL; SQLite's {@code BEGIN IMMEDIATE} already serialises. MySQL
     * commits each DDL statement by itself, so no transaction can hold a lock over them: it takes the session's named
     * lock {@code apikey_schema}, waiting up to {@code timeoutSeconds}, which {@link #unlockSchema} releases.
     *
     * @throws SQLException if MySQL's lock was not granted in time
     */
    void lockSchema(Connection connection, int timeoutSeconds) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(4180327251)");
            }
        } else if (this == MYSQL) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK('apikey_schema', ?)")) {
                lock.setInt(1, timeoutSeconds);
                try (ResultSet granted = lock.executeQuery()) {
                    if (!granted.next() || granted.getInt(1) != 1) {
                        throw new SQLException("another process held the schema lock apikey_schema for more than "
                                + timeoutSeconds + " s while creating or migrating the schema; try again");
                    }
                }
            }
        }
    }

    /** Releases MySQL's named schema lock (the others end with their transaction). */
    void unlockSchema(Connection connection) throws SQLException {
        if (this == MYSQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DO RELEASE_LOCK('apikey_schema')");
            }
        }
    }

    /**
     * The database behind {@code dataSource} ({@code given}, or detected from a first connection), prepared for use:
     * a connection of the store's own is bounded like a query, and an SQLite file is put in WAL mode (readers never
     * block the writer and vice versa: a server and a CLI can share the file).
     *
     * @throws KeyStoreException if the database cannot be reached, saying what to check
     */
    static Database detect(DataSource dataSource, String description, @Nullable Database given, Duration queryTimeout) {
        Database detected = given;
        try (Connection connection = dataSource.getConnection()) {
            if (detected == null) {
                detected = of(connection);
            }
            if (detected == SQLITE) {
                detected.prepare(connection, (int) Math.min(Integer.MAX_VALUE, queryTimeout.toMillis()), true);
                enableWal(connection, queryTimeout);
            }
        } catch (SQLException e) {
            throw new KeyStoreException(
                    "cannot connect to the key database " + description + ": " + Transactions.reason(e)
                            + "; check the URL, the file's directory and permissions (SQLite) or"
                            + " that the server runs (PostgreSQL, MySQL, MariaDB)",
                    e);
        }
        return detected;
    }

    /**
     * Puts an SQLite file in WAL mode (a file already in it stays so). Leaving a rollback journal needs the file to
     * itself, and SQLite does not wait out its busy timeout for that while another connection reads — it answers
     * {@code SQLITE_BUSY} at once, to avoid a deadlock — so processes opening the same file at the same moment
     * retry here, with growing pauses, until {@code timeout} ends.
     */
    private static void enableWal(Connection connection, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        try (Statement statement = connection.createStatement()) {
            while (true) {
                try {
                    statement.execute("PRAGMA journal_mode = WAL");
                    return;
                } catch (SQLException e) {
                    if ((e.getErrorCode() & 0xFF) != SQLITE_BUSY || System.nanoTime() - deadline >= 0) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting to put the SQLite file in WAL mode", e);
                }
                pauseMillis = Math.min(50, pauseMillis * 2);
            }
        }
    }

    /**
     * The database behind {@code connection}.
     *
     * @throws IllegalArgumentException for any other database, naming it
     */
    static Database of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String normalized = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (normalized.contains("sqlite")) {
            return SQLITE;
        }
        if (normalized.contains("postgres")) {
            return POSTGRESQL;
        }
        if (normalized.contains("mysql") || normalized.contains("mariadb")) {
            return MYSQL;
        }
        throw new IllegalArgumentException(
                "apikey-jdbc supports SQLite, PostgreSQL, MySQL and MariaDB, not " + product);
    }

    /**
     * Per-connection settings. SQLite waits for locks instead of failing at once, and syncs each commit to disk
     * ({@code synchronous = FULL}) when {@code durable}; otherwise ({@code NORMAL}, for rate-limit counters) a commit
     * goes to the write-ahead log without waiting for the disk. That is what keeps metered traffic from starving
     * other writers: a synced commit holds the database's single write lock for milliseconds (4-8 ms measured),
     * so a few busy request threads keep it held nearly all the time, and a waiter (the CLI, another request) that
     * polls for it between sleeps of up to 100 ms misses it until its busy timeout ends; unsynced, the lock is held
     * for about 0.1 ms. Such a commit survives the process crashing; only a power loss or OS crash may lose the
     * last counts. Set on every use, since a pooled connection may serve both kinds.
     */
    void prepare(Connection connection, int busyTimeoutMillis, boolean durable) throws SQLException {
        if (this == SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
                statement.execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            }
        }
    }

    /** Opens a write transaction that holds the write lock from its start (no lock upgrades, no deadlocks). */
    void begin(Connection connection) throws SQLException {
        if (this == SQLITE) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
        } else {
            connection.setAutoCommit(false);
        }
    }

    void commit(Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
        } else {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    void rollback(Connection connection) {
        try {
            if (this == SQLITE) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                } else {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ROLLBACK");
                    }
                }
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // the connection is broken or no transaction is open; it is closed right after
        }
    }

    /** The clause that locks the selected row until the transaction ends (SQLite: the transaction already does). */
    String lockRow() {
        return this == SQLITE ? "" : " FOR UPDATE";
    }

    /** The statement that adds a key's counter row unless it exists (its id the one parameter). */
    String insertLimitRowIfAbsent() {
        String insert = "INSERT INTO api_key_limits (key_id, tokens, last_nanos, window_start, used)"
                + " VALUES (?, NULL, 0, NULL, 0)";
        return this == MYSQL
                ? insert + " ON DUPLICATE KEY UPDATE key_id = key_id"
                : insert + " ON CONFLICT (key_id) DO NOTHING";
    }

    /**
     * Whether a failed statement lost a deadlock or serialisation conflict (SQL state {@code 40001}, MySQL's deadlock
     * error 1213): the database rolled the transaction back, and it may run again.
     */
    static boolean isConflict(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if ("40001".equals(current.getSQLState()) || current.getErrorCode() == 1213) {
                return true;
            }
        }
        return false;
    }

    /** Whether a failed statement broke a unique constraint. */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            String state = current.getSQLState();
            String message = current.getMessage() == null ? "" : current.getMessage();
            if ("23505".equals(state)
                    || ("23000".equals(state) && current.getErrorCode() == 1062)
                    || message.contains("UNIQUE constraint failed")
                    || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                    || message.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What an operator should do about a failure that is the disk's, not the database's: SQLite reports a file it
     * cannot open or write (read-only mount, permissions, full disk, I/O errors) by result codes that do not say
     * so. Empty when there is nothing to add.
     */
    String adviceFor(SQLException e) {
        if (this != SQLITE) {
            return "";
        }
        return switch (e.getErrorCode() & 0xFF) {
            case SQLITE_READONLY ->
                "; the SQLite file is read-only (a read-only disk or mount, or no write permission):"
                        + " make the file, its -wal and -shm companions and their directory writable";
            case SQLITE_CANTOPEN ->
                "; the SQLite file cannot be opened: check that it and its directory exist, are"
                        + " readable and writable (SQLite also creates -wal and -shm files beside it), and that the disk is"
                        + " not mounted read-only";
            case SQLITE_FULL -> "; the disk holding the SQLite file is full: free space on it";
            case SQLITE_IOERR ->
                "; the disk holding the SQLite file reported an I/O error: check the disk and its"
                        + " mount (read-only, unplugged, failing)";
            default -> "";
        };
    }

    /** Whether {@code e} is SQLite failing to open or write its file (read-only, cannot open, I/O error). */
    boolean isDiskError(SQLException e) {
        if (this != SQLITE) {
            return false;
        }
        int code = e.getErrorCode() & 0xFF;
        return code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_IOERR;
    }

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
}
