package dev.apikey.jdbc;

import dev.apikey.KeyHash;
import dev.apikey.cache.CachingKeyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL} for changed keys (the payload is the key's hash) and drops
 * them from this instance's cache, so a revocation made anywhere is seen everywhere within a second. When
 * the connection drops it reconnects with backoff; meanwhile the cache's TTL bounds staleness, and after
 * reconnecting the whole cache is dropped (notifications may have been missed).
 */
final class PostgresChangeListener implements AutoCloseable {

    static final String CHANNEL = "apikey_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeListener.class);
    private static final int POLL_MILLIS = 250;
    private static final int HEARTBEAT_MILLIS = 2_000;

    private final DataSource dataSource;
    private final CachingKeyStore cache;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile @Nullable Connection connection;
    private volatile long heartbeatStartedNanos;
    private final ScheduledExecutorService watchdog;

    PostgresChangeListener(DataSource dataSource, CachingKeyStore cache) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.thread = new Thread(this::run, "apikey-pg-listener");
        thread.setDaemon(true);
        thread.start();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "apikey-pg-listener-watchdog");
            daemon.setDaemon(true);
            return daemon;
        });
        ScheduledFuture<?> unused = watchdog.scheduleWithFixedDelay(
                this::abortIfStuck, 500, 500, TimeUnit.MILLISECONDS); // until close() shuts the watchdog down
    }

    boolean isConnected() {
        return connected;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(250);
        boolean everConnected = false;
        while (running) {
            try (Connection listening = dataSource.getConnection()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (everConnected) {
                    cache.invalidateAll();
                    LOG.info("key change notifications are back; dropped the key cache");
                }
                everConnected = true;
                connected = true;
                backoff = Duration.ofMillis(250);
                PGConnection notifications = listening.unwrap(PGConnection.class);
                Transactions.bound(listening, HEARTBEAT_MILLIS);
                long nextHeartbeat = System.nanoTime() + HEARTBEAT_MILLIS * 1_000_000L;
                while (running) {
                    if (System.nanoTime() >= nextHeartbeat) {
                        // A half-open connection delivers nothing and reports nothing: ask it something.
                        heartbeatStartedNanos = System.nanoTime();
                        try (Statement heartbeat = listening.createStatement()) {
                            heartbeat.execute("SELECT 1");
                        }
                        heartbeatStartedNanos = 0;
                        nextHeartbeat = System.nanoTime() + HEARTBEAT_MILLIS * 1_000_000L;
                    }
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            invalidate(notification.getParameter());
                        }
                    }
                }
            } catch (LinkageError e) {
                // The driver's API cannot be reached: on a module path with the driver on the class path, say. Retrying
                // cannot help; the cache's TTL still bounds staleness.
                LOG.error(
                        "key change notifications cannot be received ({}); changes made by other instances are seen"
                                + " within the cache TTL only. Put the PostgreSQL driver on the module path (or run with"
                                + " --add-reads dev.apikey.jdbc=ALL-UNNAMED)",
                        e.toString());
                connected = false;
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (connected || backoff.toMillis() <= 250) {
                    LOG.warn(
                            "key change notifications from PostgreSQL stopped ({}); cached keys may stay stale for up to the"
                                    + " cache TTL until they resume",
                            e.toString());
                }
                connected = false;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            } finally {
                heartbeatStartedNanos = 0;
                connected = false;
                connection = null;
            }
        }
    }

    /** A heartbeat that does not come back in time means a dead connection: close it so the listener reconnects. */
    private void abortIfStuck() {
        long started = heartbeatStartedNanos;
        Connection current = connection;
        if (started != 0 && current != null && System.nanoTime() - started > HEARTBEAT_MILLIS * 1_000_000L) {
            connected = false;
            LOG.warn("key change notifications from PostgreSQL stopped answering; reconnecting (cached keys may stay"
                    + " stale for up to the cache TTL meanwhile)");
            try {
                current.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                try {
                    current.close();
                } catch (SQLException closing) {
                    // closing anyway
                }
            }
        }
    }

    private void invalidate(String payload) {
        try {
            cache.invalidate(KeyHash.fromHex(payload));
        } catch (IllegalArgumentException e) {
            cache.invalidateAll();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops listening: the thread sees the flag within one poll and closes its connection itself; one stuck on a
     * dead connection has it aborted. (Closing a pooled connection from here while the thread reads it made
     * HikariCP reset the connection behind the read — seconds — and log it as broken.)
     */
    @Override
    public void close() {
        running = false;
        watchdog.shutdownNow();
        thread.interrupt();
        join();
        Connection current = connection;
        if (thread.isAlive() && current != null) {
            try {
                current.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // the thread ends with its read anyway
            }
            join();
        }
    }

    private void join() {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
