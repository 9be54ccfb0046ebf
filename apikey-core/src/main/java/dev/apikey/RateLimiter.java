package dev.apikey;

import java.time.Instant;
import java.util.Optional;

/**
 * Counts requests against each key's {@link RateLimit} and {@link Quota}, keyed by {@link ApiKey#limitsId()} so
 * that a rotated key's successor shares its counters. Called by the validator after every
 * other check has passed, so a refused request never consumes anything.
 *
 * <p>{@link #inMemory()} keeps the counts in this process: exact on one instance, lost on restart. A shared
 * implementation (e.g. on the SQL store) makes limits hold across instances and restarts. Implementations are
 * thread-safe; a {@link KeyStoreException} means the counts cannot be read or written, and the request is
 * refused (fail closed).
 */
public interface RateLimiter {

    /**
     * Takes {@code cost} from the key's limits at {@code now}.
     *
     * @return the key's standing, or empty when the key has neither a rate limit nor a quota
     * @throws KeyStoreException if a shared backend fails
     */
    Optional<LimitStatus> consume(ApiKey key, long cost, Instant now);

    /** Limits in memory, only for keys that carry their own. */
    static RateLimiter inMemory() {
        return new InMemoryRateLimiter(null);
    }

    /** Limits in memory, with {@code defaultLimit} for keys that carry no rate limit of their own. */
    static RateLimiter inMemory(RateLimit defaultLimit) {
        if (defaultLimit == null) {
            throw new IllegalArgumentException("defaultLimit must not be null; use inMemory() for no default");
        }
        return new InMemoryRateLimiter(defaultLimit);
    }

    /** No limits at all. */
    static RateLimiter none() {
        return new RateLimiter() {
            @Override
            public Optional<LimitStatus> consume(ApiKey key, long cost, Instant now) {
                return Optional.empty();
            }

            @Override
            public boolean blocking() {
                return false;
            }
        };
    }

    /**
     * Whether a decision may block the calling thread on I/O (a database, the network). Default {@code true}; a
     * limiter that only reads memory answers {@code false}.
     */
    default boolean blocking() {
        return true;
    }
}
