/** {@code RedisRateLimiter}: API keys' rate limits and quotas shared by every instance through Redis (Lettuce). */
module dev.apikey.redis {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey;
    requires transitive lettuce.core;
    requires org.slf4j;

    exports dev.apikey.redis;
}
