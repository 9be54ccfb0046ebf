package dev.apikey.jdbc;

import dev.apikey.KeyHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
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

    private final DataSource dataSource;
    private final KeyCache cache;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile Connection connection;

    PostgresChangeListener(DataSource dataSource, KeyCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.thread = new Thread(this::run, "apikey-pg-listener");
        thread.setDaemon(true);
        thread.start();
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
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            invalidate(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (connected || backoff.toMillis() <= 250) {
                    LOG.warn("key change notifications from PostgreSQL stopped ({}); cached keys may stay stale for up to the"
                            + " cache TTL until they resume", e.toString());
                }
                connected = false;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            } finally {
                connected = false;
                connection = null;
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

    @Override
    public void close() {
        running = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
