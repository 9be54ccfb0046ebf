package dev.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets and quota counters per {@linkplain ApiKey#limitsId() limits id} (a key and its rotated
 * successors share one) in this process. Each key's state is updated under its own
 * lock, so concurrent requests never let more through than the limit. Memory grows with the number of keys
 * that passed verification, not with traffic.
 */
final class InMemoryRateLimiter implements RateLimiter {

    private static final class State {
        double tokens = Double.NaN;
        long lastNanos;
        Instant windowStart;
        long used;
    }

    private final RateLimit defaultLimit;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    InMemoryRateLimiter(RateLimit defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    @Override
    public Optional<LimitStatus> consume(ApiKey key, long cost, Instant now) {
        RateLimit rate = key.rateLimit().orElse(defaultLimit);
        Quota quota = key.quota().orElse(null);
        if (rate == null && quota == null) {
            return Optional.empty();
        }
        State state = states.computeIfAbsent(key.limitsId(), id -> new State());
        synchronized (state) {
            return Optional.of(LimitArithmetic.consume(rate, quota, cost, now, new LimitArithmetic.Counters() {
                @Override public double tokens() { return state.tokens; }
                @Override public long lastNanos() { return state.lastNanos; }
                @Override public Instant windowStart() { return state.windowStart; }
                @Override public long used() { return state.used; }
                @Override public void store(double tokens, long lastNanos, Instant windowStart, long used) {
                    state.tokens = tokens;
                    state.lastNanos = lastNanos;
                    state.windowStart = windowStart;
                    state.used = used;
                }
            }));
        }
    }

    /** For tests: how many keys have counters. */
    int trackedKeys() {
        return states.size();
    }

    @Override
    public String toString() {
        return "RateLimiter.inMemory(" + (defaultLimit == null ? "no default" : "default " + defaultLimit) + ")";
    }

}
