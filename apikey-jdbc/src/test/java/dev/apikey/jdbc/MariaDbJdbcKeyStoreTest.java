package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.LimitStatus;
import dev.apikey.RateLimit;
import dev.apikey.VerificationListener;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the MySQL dialect must get right beyond the TCK, on MariaDB: exact comparisons under the server's
 * case-insensitive, space-padding collations, full Unicode, instances creating the schema at once, and the counters
 * of a new key hit by many instances at once (deadlocks on first insert are retried, never an error or a lost count).
 */
final class MariaDbJdbcKeyStoreTest {

    private TestDatabases.MariaDbDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabases.freshMariaDbDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    private JdbcKeyStore store() {
        JdbcKeyStore store = JdbcKeyStore.url(database.url()).build();
        store.createSchema();
        return store;
    }

    @Test
    void theSchemaIsCreatedAtItsCurrentVersionWithExactCollations() throws Exception {
        try (JdbcKeyStore store = store()) {
            assertThat(store.database()).isEqualTo(Database.MYSQL);
            assertThat(store.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
            store.createSchema(); // idempotent
        }
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("SELECT column_name, collation_name"
                        + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                        + " AND table_name = 'api_keys' AND column_name IN ('id', 'key_hash', 'name')")) {
            int seen = 0;
            while (columns.next()) {
                assertThat(columns.getString(2)).as(columns.getString(1)).isEqualTo("utf8mb4_bin");
                seen++;
            }
            assertThat(seen).isEqualTo(3);
        }
    }

    @Test
    void idsCompareExactlyNeitherIgnoringCaseNorTrailingSpaces() {
        try (JdbcKeyStore store = store();
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey issued = apiKeys.issue(KeySpec.builder("Ünïcødé ✓ 🔑").build());
            String id = issued.id();
            assertThat(store.findById(id)).map(ApiKey::name).contains("Ünïcødé ✓ 🔑");
            assertThat(store.findById(id.toUpperCase(java.util.Locale.ROOT))).isEmpty();
            assertThat(store.findById(id.toLowerCase(java.util.Locale.ROOT))).isEmpty();
            assertThat(store.findById(id + " ")).isEmpty();
            assertThat(store.update(
                            id + " ",
                            key -> key.toBuilder().revokedAt(Instant.now()).build()))
                    .isEmpty();
            assertThat(apiKeys.validator().verify(issued.secret()).isValid()).isTrue();
        }
    }

    @Test
    void instancesCreatingTheSchemaAtOnceAllStart() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                versions.add(threads.submit(() -> {
                    start.await();
                    try (JdbcKeyStore store = JdbcKeyStore.url(database.url()).build()) {
                        store.createSchema();
                        return store.schemaVersion().orElseThrow();
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> version : versions) {
                assertThat(version.get(60, TimeUnit.SECONDS)).isEqualTo(JdbcKeyStore.SCHEMA_VERSION);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void manyInstancesCountingANewKeyAtOnceAdmitExactlyItsLimit() throws Exception {
        int instances = 4;
        int perInstance = 25;
        List<JdbcKeyStore> stores = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(instances * 2);
        try {
            for (int i = 0; i < instances; i++) {
                stores.add(store());
            }
            ApiKey key;
            try (ApiKeys issuer = ApiKeys.builder()
                    .store(stores.get(0))
                    .listener(VerificationListener.none())
                    .build()) {
                key = issuer.issue(KeySpec.builder("metered")
                                .rateLimit(RateLimit.parse("30/1d"))
                                .build())
                        .apiKey();
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < instances * 2; t++) {
                JdbcRateLimiter limiter = stores.get(t % instances).rateLimiter();
                admitted.add(threads.submit(() -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < perInstance / 2 + 1; i++) {
                        LimitStatus status =
                                limiter.consume(key, 1, Instant.now()).orElseThrow();
                        allowed += status.allowed() ? 1 : 0;
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : admitted) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).as("a limit of 30 a day, shared exactly").isEqualTo(30);
        } finally {
            threads.shutdownNow();
            stores.forEach(JdbcKeyStore::close);
        }
    }
}
