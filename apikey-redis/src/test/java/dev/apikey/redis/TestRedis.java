package dev.apikey.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/** The Redis server the tests use: {@code APIKEY_TEST_REDIS_URI}, by default {@code redis://127.0.0.1:6379}. */
final class TestRedis {

    static final String URI = System.getenv().getOrDefault("APIKEY_TEST_REDIS_URI", "redis://127.0.0.1:6379");

    private TestRedis() {}

    /** A key prefix no other test uses. */
    static String uniquePrefix() {
        return "apikey-test:" + UUID.randomUUID() + ":";
    }

    /** Deletes every key under {@code prefix}. */
    static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*"));
            while (keys.hasNext()) {
                connection.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }
}
