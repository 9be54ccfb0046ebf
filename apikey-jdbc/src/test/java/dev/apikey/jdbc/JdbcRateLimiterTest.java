package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits whose counters live in the database: exact across instances, kept across restarts. */
final class JdbcRateLimiterTest {

    @TempDir
    Path directory;

    private static ApiKeys apiKeys(JdbcKeyStore store) {
        return ApiKeys.builder()
                .store(store)
                .rateLimiter(store.rateLimiter())
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ZERO)
                .build();
    }

    private static Verification.Reason reasonOf(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }

    @Test
    void theLimitHoldsExactlyAndSurvivesARestartOnSqlite() {
        Path file = directory.resolve("keys.db");
        IssuedKey key;
        try (JdbcKeyStore store = JdbcKeyStore.sqlite(file).build()) {
            store.createSchema();
            try (ApiKeys keys = apiKeys(store)) {
                key = keys.issue(KeySpec.builder("k")
                        .rateLimit(RateLimit.parse("3/1h"))
                        .quota(Quota.parse("5/total"))
                        .build());
                for (int i = 0; i < 3; i++) {
                    assertThat(keys.validator().verify(key.secret()).isValid()).isTrue();
                }
                Verification fourth = keys.validator().verify(key.secret());
                assertThat(reasonOf(fourth)).isEqualTo(Verification.Reason.RATE_LIMITED);
                assertThat(fourth.limits().orElseThrow().retryAfter()).isPresent();
            }
        }
        try (JdbcKeyStore store = JdbcKeyStore.sqlite(file).build();
                ApiKeys keys = apiKeys(store)) {
            store.createSchema();
            assertThat(reasonOf(keys.validator().verify(key.secret())))
                    .as("the bucket is still empty after a restart")
                    .isEqualTo(Verification.Reason.RATE_LIMITED);
            assertThat(store.rateLimiter()
                            .standing(keys.find(key.id()).orElseThrow(), Instant.now())
                            .orElseThrow()
                            .limit())
                    .isEqualTo(3);
            assertThat(keys.find(key.id()).orElseThrow().quota()).contains(Quota.parse("5/total"));
        }
    }

    @Test
    void aRotatedKeySharesItsPredecessorsCountersAcrossStoresAndRestarts() {
        Path file = directory.resolve("rotation.db");
        IssuedKey successor;
        try (JdbcKeyStore store = JdbcKeyStore.sqlite(file).build();
                ApiKeys keys = apiKeys(store)) {
            store.createSchema();
            IssuedKey key = keys.issue(
                    KeySpec.builder("k").quota(Quota.parse("3/total")).build());
            for (int i = 0; i < 3; i++) {
                assertThat(keys.validator().verify(key.secret()).isValid()).isTrue();
            }
            successor = keys.rotate(key.id(), Duration.ofHours(1)).orElseThrow();
            assertThat(reasonOf(keys.validator().verify(successor.secret())))
                    .isEqualTo(Verification.Reason.QUOTA_EXHAUSTED);
        }
        try (JdbcKeyStore store = JdbcKeyStore.sqlite(file).build();
                ApiKeys keys = apiKeys(store)) {
            assertThat(keys.find(successor.id()).orElseThrow().lineage()).isPresent();
            assertThat(reasonOf(keys.validator().verify(successor.secret())))
                    .isEqualTo(Verification.Reason.QUOTA_EXHAUSTED);
        }
    }

    @Test
    void aVersionOneDatabaseIsMigratedKeepingItsKeys() throws Exception {
        Path file = directory.resolve("old.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : SchemaMigration.statements(new String(
                    JdbcKeyStore.class.getResourceAsStream("schema-sqlite.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                statement.execute(sql);
            }
            statement.execute("INSERT INTO apikey_schema (component, version) VALUES ('apikey', 1)");
            statement.execute(
                    "INSERT INTO api_keys (id, name, key_hash, hint, scopes, allowed_networks, metadata, created_at,"
                            + " use_count) VALUES ('key_old', 'old', '" + "ab".repeat(32)
                            + "', 'ak_abcd', 'a', '', '', 0, 7)");
        }
        try (JdbcKeyStore store = JdbcKeyStore.sqlite(file).build()) {
            store.createSchema();

            assertThat(store.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
            assertThat(store.findById("key_old").orElseThrow().useCount()).isEqualTo(7);
            assertThat(store.findById("key_old").orElseThrow().rateLimit()).isEmpty();
            assertThat(store.findById("key_old").orElseThrow().lineage()).isEmpty();
        }
    }

    @Test
    void twoPostgresInstancesTogetherNeverExceedTheLimit() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.freshPostgresSchema();
                JdbcKeyStore first = JdbcKeyStore.url(schema.url()).build();
                JdbcKeyStore second = JdbcKeyStore.url(schema.url()).build()) {
            first.createSchema();
            try (ApiKeys one = apiKeys(first);
                    ApiKeys two = apiKeys(second)) {
                IssuedKey key = one.issue(KeySpec.builder("shared")
                        .rateLimit(RateLimit.parse("25/1h"))
                        .build());
                AtomicInteger passed = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> tasks = new ArrayList<>();
                for (ApiKeys instance : List.of(one, two, one, two)) {
                    tasks.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 15; i++) {
                            if (instance.validator().verify(key.secret()).isValid()) {
                                passed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> task : tasks) {
                    task.get(120, TimeUnit.SECONDS);
                }
                pool.shutdown();

                assertThat(passed).hasValue(25);
            }
        }
    }

    @Test
    void twoSqliteStoresUnderConcurrencyAdmitAtMostTheLimitPlusTheRefill() throws Exception {
        Path file = directory.resolve("shared.db");
        try (JdbcKeyStore first = JdbcKeyStore.sqlite(file).build();
                JdbcKeyStore second = JdbcKeyStore.sqlite(file).build()) {
            first.createSchema();
            assertAtMostLimitPlusRefill(first, second);
        }
    }

    @Test
    void twoPostgresStoresUnderConcurrencyAdmitAtMostTheLimitPlusTheRefill() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.freshPostgresSchema();
                JdbcKeyStore first = JdbcKeyStore.url(schema.url()).build();
                JdbcKeyStore second = JdbcKeyStore.url(schema.url()).build()) {
            first.createSchema();
            assertAtMostLimitPlusRefill(first, second);
        }
    }

    /**
     * Eight threads on each of two stores of one database drain a bucket (5 requests, 5 more a second) for two
     * seconds. A decision whose time was read before it waited for the row lock must not move the
     * bucket's clock backwards, or the refill between the two times is granted twice.
     */
    private static void assertAtMostLimitPlusRefill(JdbcKeyStore first, JdbcKeyStore second) throws Exception {
        RateLimit rate = RateLimit.parse("5/1s");
        try (ApiKeys one = apiKeys(first);
                ApiKeys two = apiKeys(second)) {
            IssuedKey key = one.issue(KeySpec.builder("busy").rateLimit(rate).build());
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            java.util.Map<Verification.Reason, Integer> otherOutcomes = new java.util.concurrent.ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            long begin = System.nanoTime();
            long deadline = begin + TimeUnit.MILLISECONDS.toNanos(2000);
            for (int thread = 0; thread < 16; thread++) {
                ApiKeys instance = thread % 2 == 0 ? one : two;
                tasks.add(pool.submit(() -> {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        Verification verification = instance.validator().verify(key.secret());
                        if (verification.isValid()) {
                            admitted.incrementAndGet();
                        } else if (reasonOf(verification) == Verification.Reason.RATE_LIMITED) {
                            limited.incrementAndGet();
                        } else {
                            otherOutcomes.merge(reasonOf(verification), 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            pool.shutdown();

            long bound = 5 + (long) Math.ceil(seconds * 5);
            assertThat(otherOutcomes)
                    .as("outcomes other than admitted and rate limited")
                    .isEmpty();
            assertThat(limited.get())
                    .as("the bucket was drained, so the bound was tested")
                    .isPositive();
            assertThat(admitted.get())
                    .as("admitted in %.2f s (limit 5 + 5/s refill = %d)", seconds, bound)
                    .isLessThanOrEqualTo((int) bound);
        }
    }
}
