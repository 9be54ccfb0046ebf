package dev.apikey.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.KeyUsage;
import dev.apikey.LimitCounterStore;
import dev.apikey.RateLimit;
import dev.apikey.cache.CachingKeyStore;
import dev.apikey.internal.SetOnce;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
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
 * <p>Keys are looked up by hash through a {@link CachingKeyStore}: known keys for {@linkplain Builder#cacheTtl(Duration) a
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
    private final @Nullable HikariDataSource ownedPool;
    private final String description;
    private final Database database;
    private final int queryTimeoutSeconds;
    private final Transactions transactions;
    private final @Nullable AutoCloseable listener;
    private final HashingSchemeCheck hashing;
    private final CachingKeyStore keys;

    private JdbcKeyStore(Builder builder, DataSource dataSource, Database database) {
        this.dataSource = dataSource;
        this.ownedPool = dataSource instanceof HikariDataSource pool && builder.url != null ? pool : null;
        this.description = builder.url == null
                ? dataSource.toString()
                : "pool of " + builder.poolSize + " over " + JdbcUrls.redact(builder.url);
        this.database = database;
        this.queryTimeoutSeconds = (int) Math.max(1, builder.queryTimeout.toSeconds());
        HikariDataSource pool = ownedPool;
        this.transactions = new Transactions(
                dataSource,
                database,
                (int) Math.min(Integer.MAX_VALUE, builder.queryTimeout.toMillis()),
                pool == null ? () -> {} : () -> pool.getHikariPoolMXBean().softEvictConnections());
        this.hashing = new HashingSchemeCheck(transactions, queryTimeoutSeconds);
        this.keys = CachingKeyStore.wrapping(
                        new SqlKeyStore(transactions, new KeyTable(database, queryTimeoutSeconds), hashing))
                .ttl(builder.cacheTtl)
                .maximumSize(builder.cacheSize)
                .unknownTtl(builder.unknownCacheTtl)
                .unknownMaximumSize(builder.unknownCacheSize)
                .build();
        this.listener = database == Database.POSTGRESQL && builder.notifications
                ? new PostgresChangeListener(dataSource, keys)
                : null;
    }

    /**
     * A builder over any {@link DataSource}, typically the application's own connection pool, which stays the
     * application's to configure and close. On PostgreSQL with notifications on, one of its connections is held
     * for {@code LISTEN}.
     */
    public static Builder builder(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return new Builder(dataSource, null);
    }

    /**
     * A builder over a JDBC URL: the store builds a HikariCP connection pool of its own ({@link Builder#poolSize}
     * connections, default 10, plus one for change notifications on PostgreSQL; a request waits at most {@link
     * Builder#connectionTimeout} for one, default 2 s) and closes it in {@link #close()}. The database's JDBC driver
     * must be on the class path.
     *
     * @throws IllegalArgumentException for a URL of a database this store does not support, or whose driver is not on
     *     the class path, saying what to write or add (never repeating more of the URL than its scheme)
     */
    public static Builder url(String jdbcUrl) {
        return new Builder(null, JdbcUrls.supported(jdbcUrl));
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
        createParentDirectory(file);
        return url("jdbc:sqlite:" + file);
    }

    private static void createParentDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create the directory " + parent + " for the key database: " + e.getMessage());
        }
    }

    /** The database this store talks to. */
    public Database database() {
        return database;
    }

    /**
     * Closes the idle connections of the store's own pool (in-use ones when they are returned), so the next
     * operation opens new ones: tests replace or remount an SQLite file under a running store this way.
     */
    void evictIdleConnections() {
        if (ownedPool != null) {
            ownedPool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** How many unknown key hashes the cache remembers now; bounded by {@link Builder#unknownCacheSize(long)}. */
    long unknownHashesCached() {
        return keys.unknownHashesRemembered();
    }

    /**
     * A {@link dev.apikey.RateLimiter} whose counters live in this database (table {@code api_key_limits}): limits
     * hold exactly across every instance sharing the database and survive restarts. Each request of a key with
     * limits costs one short transaction that locks the key's counter row: exact, but far slower than an unmetered
     * key (see BENCHMARKS.md); on one instance a {@link dev.apikey.WriteBehindRateLimiter} over {@link
     * #limitCounters()} is as fast as unmetered, across instances {@code RedisRateLimiter}.
     */
    public JdbcRateLimiter rateLimiter() {
        return new JdbcRateLimiter(this, transactions, database, queryTimeoutSeconds, null);
    }

    /** {@link #rateLimiter()} with {@code defaultLimit} for keys that carry no rate limit of their own. */
    public JdbcRateLimiter rateLimiter(RateLimit defaultLimit) {
        if (defaultLimit == null) {
            throw new IllegalArgumentException("defaultLimit must not be null; use rateLimiter() for no default");
        }
        return new JdbcRateLimiter(this, transactions, database, queryTimeoutSeconds, defaultLimit);
    }

    /**
     * The table of rate-limit counters ({@code api_key_limits}) as a {@link LimitCounterStore}, for a {@link
     * dev.apikey.WriteBehindRateLimiter}: limits decided in memory at the speed of unmetered keys, kept across
     * restarts, on one instance. {@link #rateLimiter()} is the exact limiter for several instances.
     */
    public LimitCounterStore limitCounters() {
        return new SqlLimitCounters(transactions, database, queryTimeoutSeconds, toString());
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
            SchemaMigration.apply(transactions, database, SCHEMA_VERSION);
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
        try (Connection connection = transactions.open();
                PreparedStatement query =
                        connection.prepareStatement("SELECT version FROM apikey_schema WHERE component = ?")) {
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
        return keys.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return keys.findById(id);
    }

    @Override
    public void save(ApiKey key) {
        keys.save(key);
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        return keys.update(id, change);
    }

    @Override
    public List<ApiKey> list() {
        return keys.list();
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        keys.recordUsage(usage);
    }

    private KeyStoreException failure(String what, SQLException e) {
        return transactions.failure(what, e);
    }

    /**
     * Stops the PostgreSQL notification listener and closes the connection pool the store built ({@link #url},
     * {@link #sqlite}); a data source given to {@link #builder(DataSource)} is the caller's to close.
     */
    @Override
    public void close() {
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.debug("closing the notification listener failed: {}", e.toString());
            }
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcKeyStore[" + database + ", " + description + "]";
    }

    /** Builder of {@link JdbcKeyStore}; each setting may be given once. */
    public static final class Builder {
        private final @Nullable DataSource dataSource;
        private final @Nullable String url;
        private int poolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(2);
        private @Nullable Database database;
        private Duration cacheTtl = Duration.ofSeconds(5);
        private long cacheSize = 100_000;
        private Duration unknownCacheTtl = Duration.ofSeconds(5);
        private long unknownCacheSize = 100_000;
        private Duration queryTimeout = Duration.ofSeconds(2);
        private boolean notifications = true;
        private final Set<String> given = new HashSet<>();

        private Builder(@Nullable DataSource dataSource, @Nullable String url) {
            this.dataSource = dataSource;
            this.url = url;
        }

        /**
         * How many connections the store's own pool holds at most (default 10; {@link JdbcKeyStore#url} and {@link
         * JdbcKeyStore#sqlite} only). On a server database they are kept open; an SQLite store keeps none idle.
         *
         * @throws IllegalStateException if the store was given a {@link DataSource}: size that pool instead
         */
        public Builder poolSize(int size) {
            requireOwnPool("poolSize");
            SetOnce.mark(given, "poolSize");
            if (size < 1 || size > 1_000) {
                throw new IllegalArgumentException("poolSize must be between 1 and 1000, e.g. 10");
            }
            this.poolSize = size;
            return this;
        }

        /**
         * The longest an operation waits for a connection of the store's own pool, all in use or the database
         * unreachable (default 2 s, at least 250 ms; {@link JdbcKeyStore#url} and {@link JdbcKeyStore#sqlite} only).
         * Then it fails and the request is refused with 503.
         *
         * @throws IllegalStateException if the store was given a {@link DataSource}: configure that pool instead
         */
        public Builder connectionTimeout(Duration timeout) {
            requireOwnPool("connectionTimeout");
            SetOnce.mark(given, "connectionTimeout");
            if (timeout == null || timeout.toMillis() < 250) {
                throw new IllegalArgumentException(
                        "connectionTimeout must be at least 250 ms, e.g. Duration.ofSeconds(2)");
            }
            this.connectionTimeout = timeout;
            return this;
        }

        private void requireOwnPool(String setting) {
            if (url == null) {
                throw new IllegalStateException(setting + " configures the pool JdbcKeyStore.url(…) builds; this store"
                        + " was given a DataSource, whose own pool settings apply");
            }
        }

        /** The database, when detecting it from the connection is not wanted (default: detected). */
        public Builder database(Database database) {
            SetOnce.mark(given, "database");
            this.database = SetOnce.requireValue(database, "database");
            return this;
        }

        /**
         * How long a known key is served from memory (default 5 s; zero disables the cache). Changes through
         * this instance, and on PostgreSQL through any instance, are seen at once; otherwise this is the worst case.
         */
        public Builder cacheTtl(Duration ttl) {
            SetOnce.mark(given, "cacheTtl");
            this.cacheTtl = nonNegative(ttl, "cacheTtl");
            return this;
        }

        /** How many known keys the cache holds at most (default 100 000). */
        public Builder cacheSize(long size) {
            SetOnce.mark(given, "cacheSize");
            this.cacheSize = positive(size, "cacheSize");
            return this;
        }

        /** How long an unknown hash is remembered (default 5 s; zero disables). */
        public Builder unknownCacheTtl(Duration ttl) {
            SetOnce.mark(given, "unknownCacheTtl");
            this.unknownCacheTtl = nonNegative(ttl, "unknownCacheTtl");
            return this;
        }

        /** How many unknown hashes are remembered at most (default 100 000), bounding memory under a flood. */
        public Builder unknownCacheSize(long size) {
            SetOnce.mark(given, "unknownCacheSize");
            this.unknownCacheSize = positive(size, "unknownCacheSize");
            return this;
        }

        /**
         * The longest a query may take (default 2 s, whole seconds, from 1 s to 1 h); on SQLite also how long a
         * writer waits for the file lock. A query that takes longer fails and the request is refused with 503.
         */
        public Builder queryTimeout(Duration timeout) {
            SetOnce.mark(given, "queryTimeout");
            if (timeout == null || timeout.toSeconds() < 1 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("queryTimeout lies between one second and one hour, e.g. 2 s");
            }
            this.queryTimeout = timeout;
            return this;
        }

        /** Whether to listen for other instances' changes on PostgreSQL (default true; ignored on SQLite). */
        public Builder notifications(boolean listen) {
            SetOnce.mark(given, "notifications");
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
            if (url == null) {
                DataSource given = java.util.Objects.requireNonNull(dataSource);
                return new JdbcKeyStore(this, given, Database.detect(given, given.toString(), database, queryTimeout));
            }
            boolean listens = notifications && url.startsWith("jdbc:postgresql:");
            HikariDataSource pool = ConnectionPool.open(
                    url, new ConnectionPool.Settings(poolSize + (listens ? 1 : 0), connectionTimeout), queryTimeout);
            try {
                return new JdbcKeyStore(
                        this, pool, Database.detect(pool, JdbcUrls.redact(url), database, queryTimeout));
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
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
