package dev.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets and quota counters per {@linkplain ApiKey#limitsId() limits id} (a key and its rotated
 * successors share one) in this process. Each key's state is updated under its own
 * lock, so concurrent requests never let more through than the limit. Memory grows with the number of keys
 * that passed verification, not with traffic.
 */
final class InMemoryRateLimiter implements RateLimiter {

    /** Memory only: never blocks. */
    @Override
    public boolean blocking() {
        return false;
    }

    /** One key's counters, replaced whole under the state's lock. */
    private static final class State {
        LimitArithmetic.Counters counters = LimitArithmetic.Counters.NONE;
    }

    private final @Nullable RateLimit defaultLimit;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    InMemoryRateLimiter(@Nullable RateLimit defaultLimit) {
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
            LimitArithmetic.Decision decision = LimitArithmetic.consume(rate, quota, cost, now, state.counters);
            state.counters = decision.counters();
            return Optional.of(decision.status());
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
