package dev.apikey.servlet;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed attempts (no key, an invalid one) per client address in fixed windows, so a client guessing
 * keys or flooding random ones is refused before any hashing or lookup. Memory is bounded: at most
 * {@code maxAddresses} windows are kept, the least recently seen dropped first, however many addresses attack.
 */
final class FailedAttemptLimiter {

    private static final class Window {
        long startNanos;
        int failures;
    }

    private final int attempts;
    private final long windowNanos;
    private final int maxAddresses;
    private final Map<Object, Window> windows;

    FailedAttemptLimiter(int attempts, Duration window, int maxAddresses) {
        this.attempts = attempts;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Window> eldest) {
                return size() > FailedAttemptLimiter.this.maxAddresses;
            }
        };
    }

    /** When {@code client} has used up its failed attempts: how long until it may try again. */
    synchronized Optional<Duration> blocked(Optional<InetAddress> client, long nowNanos) {
        Window window = windows.get(keyOf(client));
        if (window == null || nowNanos - window.startNanos >= windowNanos || window.failures < attempts) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(windowNanos - (nowNanos - window.startNanos)));
    }

    /** Counts one failed attempt of {@code client}. */
    synchronized void failed(Optional<InetAddress> client, long nowNanos) {
        Window window = windows.computeIfAbsent(keyOf(client), address -> new Window());
        if (window.failures == 0 || nowNanos - window.startNanos >= windowNanos) {
            window.startNanos = nowNanos;
            window.failures = 0;
        }
        window.failures++;
    }

    synchronized int trackedAddresses() {
        return windows.size();
    }

    private static Object keyOf(Optional<InetAddress> client) {
        return client.isPresent() ? client.get() : "unknown";
    }

    @Override
    public String toString() {
        return attempts + "/" + dev.apikey.HumanDuration.format(Duration.ofNanos(windowNanos));
    }
}
