package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.KeyUpdates;
import dev.apikey.KeyUsage;
import dev.apikey.RateLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyStore} in an SQL database: an SQLite file for one machine (several processes, e.g. a server
 * and a CLI, safely share it), PostgreSQL when several application instances share keys.
 *
 * <pre>{@code
 * JdbcKeyStore store = JdbcKeyStore.sqlite(Path.of("apikey-data/keys.db")).build();             // embedded
 * JdbcKeyStore store = JdbcKeyStore.builder(dataSource).build();                                 // any DataSource
 * JdbcKeyStore store = JdbcKeyStore.url("jdbc:postgresql://db:5432/app?user=app").build();       // shared
 * store.createSchema();                                                                           // idempotent
 * }</pre>
 *
 * <p>Keys are looked up by hash through a cache: known keys for {@linkplain Builder#cacheTtl(Duration) a
 * short TTL}, unknown hashes bounded in number and time. A change made through this instance is seen at
 * once; on PostgreSQL a change made by any instance is pushed to all others with {@code LISTEN/NOTIFY}
 * (within a second); otherwise, and while notifications are down, the worst case is the TTL. Database
 * failures become {@link KeyStoreException}s (the validator answers {@code STORE_UNAVAILABLE}) and the store
 * recovers by itself when the database returns. A corrupt row refuses that key only, with an error log
 * naming it.
 *
 * <p>Thread-safe. {@link #close()} stops the notification listener.
 */
public final class JdbcKeyStore implements KeyStore, AutoCloseable {

    /** The schema version this library writes and reads. */
    public static final int SCHEMA_VERSION = 4;
    /** The table keys live in. */
    public static final String TABLE = "api_keys";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcKeyStore.class);

    private final DataSource dataSource;
    private final Database database;
    private final KeyCache cache;
    private final int queryTimeoutSeconds;
    private final int busyTimeoutMillis;
    private final AutoCloseable listener;
    private final HashingSchemeCheck hashing;

    private JdbcKeyStore(Builder builder, Database database) {
        this.dataSource = builder.dataSource;
        this.database = database;
        this.cache = new KeyCache(builder.cacheTtl, builder.cacheSize, builder.unknownCacheTtl, builder.unknownCacheSize);
        this.queryTimeoutSeconds = (int) Math.max(1, builder.queryTimeout.toSeconds());
        this.busyTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, builder.queryTimeout.toMillis());
        this.listener = database == Database.POSTGRESQL && builder.notifications
                ? new PostgresChangeListener(dataSource, cache) : null;
        this.hashing = new HashingSchemeCheck(this::open, database, queryTimeoutSeconds);
    }

    /** A builder over any {@link DataSource} (a connection pool is recommended for PostgreSQL). */
    public static Builder builder(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return new Builder(dataSource);
    }

    /**
     * A builder over a JDBC URL, opening one connection per operation through {@code DriverManager} (the
     * driver must be on the classpath). Fine for SQLite and small deployments; use a pooled {@link DataSource}
     * for busy PostgreSQL servers.
     */
    public static Builder url(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:, e.g. jdbc:sqlite:apikey-data/keys.db or"
                    + " jdbc:postgresql://127.0.0.1:5432/app?user=app");
        }
        return new Builder(new DriverManagerDataSource(jdbcUrl));
    }

    /**
     * A builder for an SQLite file, creating its directory if needed (needs {@code org.xerial:sqlite-jdbc}).
     *
     * @throws IllegalArgumentException if the directory cannot be created
     */
    public static Builder sqlite(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null, e.g. Path.of(\"apikey-data/keys.db\")");
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the directory " + parent + " for the key database: " + e.getMessage());
        }
        return url("jdbc:sqlite:" + file);
    }

    /** The database this store talks to. */
    public Database database() {
        return database;
    }

    /** How many unknown key hashes the cache remembers now; bounded by {@link Builder#unknownCacheSize(long)}. */
    long unknownHashesCached() {
        return cache.unknownSize();
    }

    /**
     * A {@link dev.apikey.RateLimiter} whose counters live in this database (table {@code api_key_limits}): limits
     * hold exactly across every instance sharing the database and survive restarts. Each request of a key with
     * limits costs one short transaction that locks the key's counter row.
     */
    public JdbcRateLimiter rateLimiter() {
        return new JdbcRateLimiter(this, null);
    }

    /** {@link #rateLimiter()} with {@code defaultLimit} for keys that carry no rate limit of their own. */
    public JdbcRateLimiter rateLimiter(RateLimit defaultLimit) {
        if (defaultLimit == null) {
            throw new IllegalArgumentException("defaultLimit must not be null; use rateLimiter() for no default");
        }
        return new JdbcRateLimiter(this, defaultLimit);
    }

    /**
     * Runs {@code work} in one write transaction on a prepared connection, for rate-limit counters only: on SQLite
     * its commit is not synced to disk (see {@link Database#prepare}), so the write lock is held for microseconds.
     */
    <T> T inTransaction(String what, TransactionWork<T> work) {
        try (Connection connection = open(false)) {
            database.begin(connection);
            try {
                T result = work.run(connection, database, queryTimeoutSeconds);
                database.commit(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Work done inside {@link #inTransaction}. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Connection connection, Database database, int queryTimeoutSeconds) throws SQLException;
    }

    /** Whether PostgreSQL change notifications are currently being received (always false on SQLite). */
    public boolean receivesNotifications() {
        return listener instanceof PostgresChangeListener pg && pg.isConnected();
    }

    /**
     * Creates the table, index and schema-version record if they do not exist, and migrates an older schema keeping
     * its data; safe to call on every start: a current schema costs one read, takes no lock and writes nothing.
     * If a hasher is bound and not checked yet, checks it (see {@link #bindHasher}).
     *
     * @throws KeyStoreException if the database fails, or holds a newer schema version than this library reads
     */
    public void createSchema() {
        try {
            SchemaMigration.apply(this::open, database, SCHEMA_VERSION);
            hashing.confirm();
        } catch (SQLException e) {
            throw failure("creating the schema", e);
        }
    }

    /**
     * Checks {@code hasher} against the hashing scheme recorded with the schema, recording it if none is yet (first
     * use); {@link dev.apikey.ApiKeys} calls this when it is built. Reads only, unless it records.
     *
     * @throws HashingSchemeMismatchException if the database's keys were hashed with another algorithm or pepper
     * @throws IllegalStateException          if a hasher of another scheme is bound to this store already
     */
    @Override
    public void bindHasher(KeyHasher hasher) {
        hashing.bind(hasher);
    }

    /** The schema version recorded in the database, if the schema exists. */
    public Optional<Integer> schemaVersion() {
        try (Connection connection = open();
             PreparedStatement query = connection.prepareStatement("SELECT version FROM apikey_schema WHERE component = ?")) {
            query.setString(1, SchemaMigration.COMPONENT);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        if (hash == null) {
            throw new IllegalArgumentException("hash must not be null");
        }
        Optional<ApiKey> cached = cache.lookup(hash);
        if (cached != null) {
            return cached;
        }
        KeyCache.Load load = cache.startLoad();
        Optional<ApiKey> loaded = queryOne("SELECT " + KeyRows.COLUMNS + " FROM " + TABLE + " WHERE key_hash = ?",
                hash.toHex(), "looking up a key");
        cache.remember(hash, loaded, load);
        return loaded;
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
        return queryOne("SELECT " + KeyRows.COLUMNS + " FROM " + TABLE + " WHERE id = ?", id, "reading key " + printableId(id));
    }

    private Optional<ApiKey> queryOne(String sql, String parameter, String what) {
        try {
            hashing.confirm(); // once: a lookup under another pepper would find nothing and say so wrongly
        } catch (SQLException e) {
            throw failure(what, e);
        }
        try (Connection connection = open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setQueryTimeout(queryTimeoutSeconds);
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(KeyRows.read(row));
                } catch (KeyRows.CorruptRowException e) {
                    LOG.error("{}; refusing this key", e.getMessage());
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public void save(ApiKey key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        try (Connection connection = open()) {
            database.begin(connection);
            try {
                hashing.beforeWrite(connection);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (" + KeyRows.COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setQueryTimeout(queryTimeoutSeconds);
                    KeyRows.bindAll(insert, key);
                    insert.executeUpdate();
                }
                notifyChange(connection, key.hash());
                database.commit(connection);
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                throw new IllegalStateException("a key with id " + key.id() + " or the same hash is already stored");
            }
            throw failure("saving key " + key.id(), e);
        } finally {
            cache.invalidate(key.hash());
        }
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        if (id == null || change == null) {
            throw new IllegalArgumentException("id and change must not be null");
        }
        ApiKey changed;
        try (Connection connection = open()) {
            database.begin(connection);
            try {
                ApiKey current;
                try (PreparedStatement query = connection.prepareStatement("SELECT " + KeyRows.COLUMNS + " FROM " + TABLE
                        + " WHERE id = ?" + database.lockRow())) {
                    query.setQueryTimeout(queryTimeoutSeconds);
                    query.setString(1, id);
                    try (ResultSet row = query.executeQuery()) {
                        if (!row.next()) {
                            database.rollback(connection);
                            return Optional.empty();
                        }
                        current = KeyRows.read(row);
                    }
                }
                changed = KeyUpdates.apply(current, change);
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
                    update.setString(12, id);
                    update.executeUpdate();
                }
                notifyChange(connection, changed.hash());
                database.commit(connection);
            } catch (KeyRows.CorruptRowException e) {
                database.rollback(connection);
                throw new KeyStoreException(e.getMessage());
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("updating key " + printableId(id), e);
        }
        cache.invalidate(changed.hash());
        return Optional.of(changed);
    }

    @Override
    public List<ApiKey> list() {
        List<ApiKey> keys = new ArrayList<>();
        try (Connection connection = open();
             PreparedStatement query = connection.prepareStatement("SELECT " + KeyRows.COLUMNS + " FROM " + TABLE
                     + " ORDER BY created_at, id")) {
            query.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    try {
                        keys.add(KeyRows.read(row));
                    } catch (KeyRows.CorruptRowException e) {
                        LOG.error("{}; leaving it out of the list", e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("listing keys", e);
        }
        return keys;
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        if (usage == null) {
            throw new IllegalArgumentException("usage must not be null");
        }
        if (usage.isEmpty()) {
            return;
        }
        try (Connection connection = open()) {
            database.begin(connection);
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET use_count = use_count + ?,"
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
                database.commit(connection);
            } catch (SQLException | RuntimeException e) {
                database.rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("recording usage of " + usage.size() + " keys", e);
        }
    }

    /** On PostgreSQL, tells every instance (at commit) that the key with this hash changed. */
    private void notifyChange(Connection connection, KeyHash hash) throws SQLException {
        if (database == Database.POSTGRESQL) {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, PostgresChangeListener.CHANNEL);
                notify.setString(2, hash.toHex());
                notify.execute();
            }
        }
    }

    private Connection open() throws SQLException {
        return open(true);
    }

    /** A prepared connection; {@code durable}: commits synced to disk (everything but rate-limit counters). */
    private Connection open(boolean durable) throws SQLException {
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

    private static final Executor NETWORK_TIMEOUTS = Runnable::run;
    private static final int NETWORK_TIMEOUT_MARGIN_MILLIS = 3_000;

    /**
     * An id as it may appear in a message: lookups take whatever the caller passed (a pasted secret, say), so
     * anything longer than a key id, or not printable, is shown by its length only.
     */
    static String printableId(String id) {
        return id.length() <= 64 && id.chars().allMatch(c -> c > 0x20 && c < 0x7F) && !id.matches(".*_[0-9A-Za-z]{40,}.*")
                ? id : "(a value of " + id.length() + " characters)";
    }

    private KeyStoreException failure(String what, SQLException e) {
        return new KeyStoreException("the key database failed while " + what + ": " + JdbcUrls.redact(e.getMessage())
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")") + database.adviceFor(e), e);
    }

    /** The statements of a script: comment lines dropped, split on {@code ;}. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** Stops the PostgreSQL notification listener. The data source is the caller's to close. */
    @Override
    public void close() {
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.debug("closing the notification listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcKeyStore[" + database + ", " + dataSource + "]";
    }

    /** Builder of {@link JdbcKeyStore}; each setting may be given once. */
    public static final class Builder {
        private final DataSource dataSource;
        private Database database;
        private Duration cacheTtl = Duration.ofSeconds(5);
        private long cacheSize = 100_000;
        private Duration unknownCacheTtl = Duration.ofSeconds(5);
        private long unknownCacheSize = 100_000;
        private Duration queryTimeout = Duration.ofSeconds(2);
        private boolean notifications = true;
        private final Set<String> set = new HashSet<>();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The database, when detecting it from the connection is not wanted (default: detected). */
        public Builder database(Database database) {
            once("database");
            this.database = require(database, "database");
            return this;
        }

        /**
         * How long a known key is served from memory (default 5 s; zero disables the cache). Changes through
         * this instance, and on PostgreSQL through any instance, are seen at once; otherwise this is the worst case.
         */
        public Builder cacheTtl(Duration ttl) {
            once("cacheTtl");
            this.cacheTtl = nonNegative(ttl, "cacheTtl");
            return this;
        }

        /** How many known keys the cache holds at most (default 100 000). */
        public Builder cacheSize(long size) {
            once("cacheSize");
            this.cacheSize = positive(size, "cacheSize");
            return this;
        }

        /** How long an unknown hash is remembered (default 5 s; zero disables). */
        public Builder unknownCacheTtl(Duration ttl) {
            once("unknownCacheTtl");
            this.unknownCacheTtl = nonNegative(ttl, "unknownCacheTtl");
            return this;
        }

        /** How many unknown hashes are remembered at most (default 100 000), bounding memory under a flood. */
        public Builder unknownCacheSize(long size) {
            once("unknownCacheSize");
            this.unknownCacheSize = positive(size, "unknownCacheSize");
            return this;
        }

        /**
         * The longest a query may take (default 2 s, whole seconds, at least 1 s); on SQLite also how long a
         * writer waits for the file lock. A query that takes longer fails and the request is refused with 503.
         */
        public Builder queryTimeout(Duration timeout) {
            once("queryTimeout");
            if (timeout == null || timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("queryTimeout must be at least one second");
            }
            this.queryTimeout = timeout;
            return this;
        }

        /** Whether to listen for other instances' changes on PostgreSQL (default true; ignored on SQLite). */
        public Builder notifications(boolean listen) {
            once("notifications");
            this.notifications = listen;
            return this;
        }

        /**
         * The store. Connects once to detect the database unless it was given.
         *
         * @throws KeyStoreException        if the database cannot be reached to detect its kind
         * @throws IllegalArgumentException if it is neither SQLite nor PostgreSQL
         */
        public JdbcKeyStore build() {
            if (dataSource instanceof DriverManagerDataSource ownConnections) {
                // Opening a connection is bounded like a query: the query timeout plus the network-timeout margin.
                ownConnections.setLoginTimeout((int) Math.max(1,
                        (queryTimeout.toMillis() + NETWORK_TIMEOUT_MARGIN_MILLIS + 999) / 1000));
            }
            Database detected = database;
            try (Connection connection = dataSource.getConnection()) {
                if (detected == null) {
                    detected = Database.of(connection);
                }
                if (detected == Database.SQLITE) {
                    // Readers never block the writer and vice versa: the server and the CLI can share the file.
                    detected.prepare(connection, (int) Math.min(Integer.MAX_VALUE, queryTimeout.toMillis()), true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("PRAGMA journal_mode = WAL");
                    }
                }
            } catch (SQLException e) {
                throw new KeyStoreException("cannot connect to the key database " + dataSource + ": "
                        + JdbcUrls.redact(e.getMessage()) + "; check the URL, the file's directory and permissions (SQLite) or that the"
                        + " server runs (PostgreSQL)", e);
            }
            return new JdbcKeyStore(this, detected);
        }

        private void once(String what) {
            if (!set.add(what)) {
                throw new IllegalStateException(what + " was already set");
            }
        }

        private static <T> T require(T value, String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String what) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero or positive");
            }
            return value;
        }

        private static long positive(long value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1");
            }
            return value;
        }
    }
}
