package dev.apikey.redis;

import dev.apikey.RateLimiter;
import dev.apikey.tck.RateLimiterTck;

/** The rate limiter TCK on Redis (decisions at the instants the TCK gives). */
final class RedisRateLimiterTckTest extends RateLimiterTck {

    private RedisRateLimiter redis;
    private String prefix;

    @Override
    protected RateLimiter newLimiter() {
        prefix = TestRedis.uniquePrefix();
        redis = RedisRateLimiter.builder()
                .uri(TestRedis.URI)
                .keyPrefix(prefix)
                .timeSource(RedisRateLimiter.TimeSource.CALLER)
                .build();
        return redis;
    }

    @Override
    protected void closeLimiter() {
        redis.close();
        TestRedis.deleteKeys(prefix);
    }
}
