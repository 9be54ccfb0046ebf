package dev.apikey.redis;

import dev.apikey.RateLimiter;
import dev.apikey.tck.RateLimiterTck;

/**
 * The rate limiter TCK on Redis with leases ({@code localBatch(100)}): one instance decides as the exact limiter does,
 * whether a decision was made by Redis or in memory.
 */
final class RedisLocalBatchTckTest extends RateLimiterTck {

    private RedisRateLimiter redis;
    private String prefix;

    @Override
    protected RateLimiter newLimiter() {
        prefix = TestRedis.uniquePrefix();
        redis = RedisRateLimiter.builder()
                .uri(TestRedis.URI)
                .keyPrefix(prefix)
                .timeSource(RedisRateLimiter.TimeSource.CALLER)
                .localBatch(100)
                .build();
        return redis;
    }

    @Override
    protected void closeLimiter() {
        redis.close();
        TestRedis.deleteKeys(prefix);
    }
}
