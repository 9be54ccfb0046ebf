package dev.apikey.example;

import dev.apikey.RateLimiter;
import dev.apikey.SafeText;
import dev.apikey.WriteBehindRateLimiter;
import dev.apikey.jdbc.JdbcKeyStore;
import dev.apikey.redis.RedisRateLimiter;
import java.util.Locale;

/**
 * Where the example counts rate limits and quotas, from {@code APIKEY_LIMITS}: {@code write-behind} (the default:
 * decided in memory, written to the key database every second; one server per database), {@code exact} (a locked row
 * per request in the key database: exact across servers, slow), or a {@code redis://HOST:PORT} URI (exact across
 * servers, fast).
 */
final class LimitsChoice {

    static final String VARIABLE = "APIKEY_LIMITS";
    static final String BATCH_VARIABLE = "APIKEY_REDIS_BATCH";

    private LimitsChoice() {}

    /**
     * The limiter {@code value} names, over {@code store}; close it after the {@code ApiKeys} that use it.
     *
     * @throws IllegalArgumentException for any other value, saying what to write
     */
    static RateLimiter open(String value, JdbcKeyStore store) {
        String choice = value == null || value.isBlank() ? "write-behind" : value.strip();
        String lower = choice.toLowerCase(Locale.ROOT);
        if (lower.equals("write-behind")) {
            return WriteBehindRateLimiter.builder(store.limitCounters()).build();
        }
        if (lower.equals("exact")) {
            return store.rateLimiter();
        }
        if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
            return RedisRateLimiter.builder()
                    .uri(choice)
                    .localBatch(redisBatch(System.getenv(BATCH_VARIABLE)))
                    .build();
        }
        // Only the scheme is shown: a mistyped Redis URI may hold a password.
        throw new IllegalArgumentException(VARIABLE + "=" + DatabaseUrl.shown(choice) + " is not a limiter: write"
                + " write-behind (the default: one server per database), exact (in the key database, several servers)"
                + " or redis://HOST:PORT (several servers)");
    }

    /** Units leased per Redis call ({@code APIKEY_REDIS_BATCH}, default 1000; 1: every request asks Redis). */
    static int redisBatch(String value) {
        if (value == null || value.isBlank()) {
            return 1_000;
        }
        try {
            int batch = Integer.parseInt(value.strip());
            if (batch >= 1 && batch <= 10_000) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(BATCH_VARIABLE + "=" + SafeText.quoted(value.strip())
                + " is not a batch: write a number from 1 (every request asks Redis) to 10000, e.g. 1000");
    }

    /** Closes {@code limiter} if it holds resources (a background writer, a Redis connection). */
    static void close(RateLimiter limiter) {
        if (limiter instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(LimitsChoice.class)
                        .warn("closing the rate limiter failed: {}", e.toString());
            }
        }
    }
}
