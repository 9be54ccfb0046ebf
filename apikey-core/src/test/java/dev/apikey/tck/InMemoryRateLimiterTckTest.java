package dev.apikey.tck;

import dev.apikey.RateLimiter;

/** The rate limiter TCK on the in-memory limiter: the reference every other limiter must match. */
final class InMemoryRateLimiterTckTest extends RateLimiterTck {

    @Override
    protected RateLimiter newLimiter() {
        return RateLimiter.inMemory();
    }
}
