/**
 * Rate limits and quotas shared through Redis: {@link dev.apikey.redis.RedisRateLimiter}, one atomic script per
 * decision on the Redis server's clock.
 */
@NullMarked
package dev.apikey.redis;

import org.jspecify.annotations.NullMarked;
