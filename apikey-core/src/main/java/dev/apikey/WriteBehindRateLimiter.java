package dev.apikey;

import dev.apikey.internal.SetOnce;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits decided in memory, exactly as {@link RateLimiter#inMemory()} decides them, and kept across restarts by a
 * {@link LimitCounterStore}: a key's counters are read from it once, on the key's first request in this process, and
 * the changed ones are written back in one batch every {@linkplain Builder#flushInterval flush interval} (1 s by
 * default) and on {@link #close()}. A metered request never waits for a write.
 *
 * <p>What it promises: on <b>one instance</b>, limits hold exactly while it runs; a crash loses at most the last flush
 * interval's counts (a restarted process may admit that many requests again), a clean {@link #close()} none. While
 * the store cannot be written, counts stay in memory and are written when it returns. The first request of a key
 * whose counters cannot be read is refused ({@link KeyStoreException}: 503), never let through uncounted.
 *
 * <p>It is <b>not</b> a limiter for several instances sharing one store: each decides on its own counters and the last
 * to write wins, so together they admit up to one limit per instance. Use {@code RedisRateLimiter} for that, or the
 * exact, slower {@code JdbcKeyStore.rateLimiter()}.
 *
 * <pre>{@code
 * WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(jdbcKeyStore.limitCounters()).build();
 * ApiKeys apiKeys = ApiKeys.builder().store(jdbcKeyStore).rateLimiter(limiter).build();
 * // at shutdown: apiKeys.close(); limiter.close(); jdbcKeyStore.close();
 * }</pre>
 */
public final class WriteBehindRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindRateLimiter.class);

    /** One key's counters; {@code loaded} once read from the store. Replaced whole under the state's lock. */
    private static final class State {
        boolean loaded;
        /** When loading last failed (0: never): requests queued behind it are refused at once, not one timeout each. */
        long loadFailedAtNanos;

        LimitArithmetic.Counters counters = LimitArithmetic.Counters.NONE;
    }

    private final LimitCounterStore store;
    private final @Nullable RateLimit defaultLimit;
    private final Duration flushInterval;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Object flushLock = new Object();
    private final ScheduledExecutorService flusher;
    private volatile boolean failing;
    private volatile boolean closed;

    /** How long after a failed load of a key's counters its next requests are refused without asking again. */
    private static final long RETRY_LOAD_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most keys written in one {@link LimitCounterStore#saveAll} call, so a long outage's backlog still fits. */
    static final int MAX_BATCH = 1_000;

    private WriteBehindRateLimiter(Builder builder) {
        this.store = builder.store;
        this.defaultLimit = builder.defaultLimit;
        this.flushInterval = builder.flushInterval;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "apikey-limits-write-behind");
            thread.setDaemon(true);
            return thread;
        });
        long millis = flushInterval.toMillis();
        var unused = flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A builder over {@code store}. */
    public static Builder builder(LimitCounterStore store) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null, e.g. jdbcKeyStore.limitCounters()");
        }
        return new Builder(store);
    }

    @Override
    public Optional<LimitStatus> consume(ApiKey key, long cost, Instant now) {
        RateLimit rate = key.rateLimit().orElse(defaultLimit);
        Quota quota = key.quota().orElse(null);
        if (rate == null && quota == null) {
            return Optional.empty();
        }
        String id = key.limitsId();
        State state = states.get(id);
        if (state == null) {
            state = states.computeIfAbsent(id, unused -> new State());
        }
        if (closed) {
            throw new KeyStoreException("the write-behind rate limiter is closed: its counts would not be kept");
        }
        synchronized (state) {
            if (!state.loaded) {
                long started = System.nanoTime();
                if (state.loadFailedAtNanos != 0 && started - state.loadFailedAtNanos < RETRY_LOAD_AFTER_NANOS) {
                    throw new KeyStoreException("the rate-limit counters of key " + key.id()
                            + " could not be read a moment ago; refusing until they can");
                }
                try {
                    state.counters = store.load(id).orElse(LimitArithmetic.Counters.NONE);
                } catch (RuntimeException e) {
                    state.loadFailedAtNanos = System.nanoTime();
                    throw e; // refused; a request after RETRY_LOAD_AFTER_NANOS asks again
                }
                state.loaded = true;
            }
            LimitArithmetic.Decision decision = LimitArithmetic.consume(rate, quota, cost, now, state.counters);
            if (!decision.counters().equals(state.counters)) {
                state.counters = decision.counters();
                changed.add(id);
            }
            return Optional.of(decision.status());
        }
    }

    /**
     * Writes the counters changed since the last write, in batches of at most 1 000 keys.
     *
     * @return how many keys' counters were written
     * @throws KeyStoreException if the store fails; the counters are kept and written by a later flush
     */
    public int flush() {
        synchronized (flushLock) {
            if (changed.isEmpty()) {
                return 0;
            }
            int written = 0;
            java.util.List<String> snapshot = new java.util.ArrayList<>(changed); // later changes: the next flush
            for (int from = 0; from < snapshot.size(); from += MAX_BATCH) {
                Set<String> ids = new HashSet<>(snapshot.subList(from, Math.min(snapshot.size(), from + MAX_BATCH)));
                changed.removeAll(ids);
                Map<String, LimitArithmetic.Counters> batch = new HashMap<>();
                for (String id : ids) {
                    State state = states.get(id);
                    if (state != null) {
                        synchronized (state) {
                            batch.put(id, state.counters);
                        }
                    }
                }
                try {
                    store.saveAll(batch);
                } catch (RuntimeException e) {
                    changed.addAll(ids); // the latest counters are written next time: each write replaces the last
                    throw e;
                }
                written += batch.size();
            }
            return written;
        }
    }

    private void flushQuietly() {
        try {
            flush();
            if (failing) {
                failing = false;
                LOG.info("rate-limit counters are written to the store again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn(
                        "writing rate-limit counters to the store failed; they are kept in memory and written when it"
                                + " recovers (a crash meanwhile would lose them): {}",
                        e.toString());
            }
        }
    }

    /** Memory only once a key's counters are loaded; the first request of each key reads the store. */
    @Override
    public boolean blocking() {
        return true;
    }

    /** How many keys have counters in memory. */
    int trackedKeys() {
        return states.size();
    }

    /** Stops the background writes and writes what is left; a failure is logged at WARN (those counts are lost). */
    @Override
    public void close() {
        closed = true;
        flusher.shutdownNow();
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("writing the last rate-limit counters to the store failed, so they are lost: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "WriteBehindRateLimiter[" + store + ", every " + flushInterval
                + (defaultLimit == null ? "" : ", default " + defaultLimit) + "]";
    }

    /** Builder of {@link WriteBehindRateLimiter}; each setting may be given once. */
    public static final class Builder {
        private final LimitCounterStore store;
        private @Nullable RateLimit defaultLimit;
        private Duration flushInterval = Duration.ofSeconds(1);
        private final Set<String> given = new HashSet<>();

        private Builder(LimitCounterStore store) {
            this.store = store;
        }

        /**
         * How often changed counters are written (default 1 s, between 10 ms and 1 h): the most a crash loses, and so
         * the most requests a restarted instance may admit again.
         */
        public Builder flushInterval(Duration interval) {
            SetOnce.mark(given, "flushInterval");
            if (interval == null || interval.toMillis() < 10 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "flushInterval lies between 10 ms and 1 h, e.g. Duration.ofSeconds(1)");
            }
            this.flushInterval = interval;
            return this;
        }

        /** The rate limit of keys that carry none of their own (default: none). */
        public Builder defaultLimit(RateLimit limit) {
            SetOnce.mark(given, "defaultLimit");
            this.defaultLimit = SetOnce.requireValue(limit, "defaultLimit");
            return this;
        }

        /** The limiter, writing in the background from now on. */
        public WriteBehindRateLimiter build() {
            return new WriteBehindRateLimiter(this);
        }
    }
}
