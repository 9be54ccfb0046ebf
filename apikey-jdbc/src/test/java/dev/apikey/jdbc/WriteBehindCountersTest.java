package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.LimitArithmetic;
import dev.apikey.Quota;
import dev.apikey.VerificationListener;
import dev.apikey.WriteBehindRateLimiter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcKeyStore#limitCounters()} under a {@link WriteBehindRateLimiter}, on each dialect: counters survive a
 * restart, and the exact limiter reads what the write-behind one wrote (one table, one meaning).
 */
final class WriteBehindCountersTest {

    @TempDir
    Path directory;

    @Test
    void onSqlite() {
        Path file = directory.resolve("keys.db");
        countersSurviveARestart(() -> JdbcKeyStore.sqlite(file).build());
    }

    @Test
    void onPostgres() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.freshPostgresSchema()) {
            countersSurviveARestart(() -> JdbcKeyStore.url(schema.url()).build());
        }
    }

    @Test
    void onMariaDb() throws Exception {
        try (TestDatabases.MariaDbDatabase database = TestDatabases.freshMariaDbDatabase()) {
            countersSurviveARestart(() -> JdbcKeyStore.url(database.url()).build());
        }
    }

    private static void countersSurviveARestart(Supplier<JdbcKeyStore> open) {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        ApiKey key;
        try (JdbcKeyStore store = open.get()) {
            store.createSchema();
            try (ApiKeys apiKeys = ApiKeys.builder()
                    .store(store)
                    .listener(VerificationListener.none())
                    .build()) {
                key = apiKeys.issue(KeySpec.builder("metered")
                                .quota(Quota.parse("10/day"))
                                .build())
                        .apiKey();
            }
            try (WriteBehindRateLimiter limiter =
                    WriteBehindRateLimiter.builder(store.limitCounters()).build()) {
                for (int i = 0; i < 7; i++) {
                    assertThat(limiter.consume(key, 1, now).orElseThrow().allowed())
                            .isTrue();
                }
            }
            assertThat(store.rateLimiter().standing(key, now).orElseThrow().remaining())
                    .as("the exact limiter reads the counts written behind")
                    .isEqualTo(3);
        }
        try (JdbcKeyStore restarted = open.get();
                WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(restarted.limitCounters())
                        .build()) {
            int allowed = 0;
            for (int i = 0; i < 5; i++) {
                allowed += limiter.consume(key, 1, now).orElseThrow().allowed() ? 1 : 0;
            }
            assertThat(allowed).as("7 of 10 counted before the restart").isEqualTo(3);
            limiter.flush();
            restarted.limitCounters().saveAll(Map.of());
            assertThat(restarted.limitCounters().load(key.limitsId()))
                    .map(LimitArithmetic.Counters::used)
                    .contains(10L);
        }
    }
}
