package dev.apikey.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HikariCP pool {@link JdbcKeyStore#url} builds and owns: bounded waits for a connection and for logging in,
 * so a database that is down or hangs refuses requests within the store's timeouts instead of holding threads.
 *
 * <p>SQLite keeps no idle connection for long ({@code minimumIdle} 0, closed after 10 s to 40 s idle, as HikariCP
 * checks every 30 s): a file a process holds open cannot have its disk remounted, and an SQLite connection opened while its disk was read-only stays read-only — so such a connection is
 * also dropped on the first disk error (read-only, cannot open, I/O error) and the next one opens the file afresh.
 */
final class ConnectionPool {

    private static final AtomicInteger POOLS = new AtomicInteger();
    /** How long an SQLite connection may stay idle before the pool closes it (HikariCP's minimum). */
    static final long IDLE_SQLITE_MILLIS = 10_000;

    private ConnectionPool() {}

    /** The settings of a pool; see {@link JdbcKeyStore.Builder#poolSize} and {@link JdbcKeyStore.Builder#connectionTimeout}. */
    record Settings(int size, Duration connectionTimeout) {}

    /** A pool over {@code url} (already {@linkplain JdbcUrls#supported checked}); connects lazily. */
    static HikariDataSource open(String url, Settings settings, Duration queryTimeout) {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("apikey-jdbc-" + POOLS.incrementAndGet());
        config.setMaximumPoolSize(settings.size());
        config.setMinimumIdle(sqlite ? 0 : settings.size());
        if (sqlite) {
            config.setIdleTimeout(IDLE_SQLITE_MILLIS); // HikariCP's shortest; checked every 30 s
        }
        long waitMillis = settings.connectionTimeout().toMillis();
        config.setConnectionTimeout(waitMillis);
        config.setValidationTimeout(Math.max(250, Math.min(waitMillis, 1_000)));
        // The store connects (and reports a failure its own way) when it is built; the pool must not throw first.
        config.setInitializationFailTimeout(-1);
        int loginSeconds =
                (int) Math.max(1, (queryTimeout.toMillis() + Transactions.NETWORK_TIMEOUT_MARGIN_MILLIS + 999) / 1000);
        JdbcUrls.loginBounds(url, loginSeconds).forEach(config::addDataSourceProperty);
        if (sqlite) {
            config.setExceptionOverride(new DropOnDiskErrors());
        }
        return new HikariDataSource(config);
    }

    /** Drops an SQLite connection whose file could not be opened or written, so the next one reopens it. */
    private static final class DropOnDiskErrors implements SQLExceptionOverride {
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            return Database.SQLITE.isDiskError(e)
                    ? SQLExceptionOverride.Override.MUST_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }
}
