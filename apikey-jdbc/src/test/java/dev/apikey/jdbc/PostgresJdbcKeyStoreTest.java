package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import dev.apikey.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL specifics: cluster-wide revocation through LISTEN/NOTIFY, outages and recovery. */
final class PostgresJdbcKeyStoreTest {

    private TestDatabases.PostgresSchema schema;

    @BeforeEach
    void createSchema() {
        schema = TestDatabases.freshPostgresSchema();
        try (JdbcKeyStore store = JdbcKeyStore.url(schema.url()).build()) {
            store.createSchema();
            assertThat(store.database()).isEqualTo(Database.POSTGRESQL);
            assertThat(store.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    private static Verification.Reason reasonOf(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }

    private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aRevocationThroughOneInstanceIsRefusedByAnotherWithinOneSecond() throws Exception {
        try (JdbcKeyStore first = JdbcKeyStore.url(schema.url())
                        .cacheTtl(Duration.ofMinutes(10))
                        .build();
                JdbcKeyStore second = JdbcKeyStore.url(schema.url())
                        .cacheTtl(Duration.ofMinutes(10))
                        .build();
                ApiKeys one = ApiKeys.builder()
                        .store(first)
                        .listener(VerificationListener.none())
                        .build();
                ApiKeys two = ApiKeys.builder()
                        .store(second)
                        .listener(VerificationListener.none())
                        .build()) {
            await(() -> first.receivesNotifications() && second.receivesNotifications(), Duration.ofSeconds(5));
            assertThat(second.receivesNotifications()).isTrue();
            IssuedKey key = one.issue(KeySpec.builder("shared").build());
            assertThat(two.validator().verify(key.secret()).isValid())
                    .as("warms the second cache")
                    .isTrue();

            long revokedAt = System.nanoTime();
            one.revoke(key.id());
            await(
                    () -> reasonOf(two.validator().verify(key.secret())) == Verification.Reason.REVOKED,
                    Duration.ofSeconds(1));
            long elapsedMillis = (System.nanoTime() - revokedAt) / 1_000_000;

            assertThat(reasonOf(two.validator().verify(key.secret()))).isEqualTo(Verification.Reason.REVOKED);
            assertThat(elapsedMillis).isLessThan(1_000);
        }
    }

    @Test
    void anUnreachableDatabaseFailsClosedAndRecoversWithoutARestart() throws Exception {
        URI target = URI.create(schema.baseUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
                JdbcKeyStore store = JdbcKeyStore.url(schema.urlVia(proxy.port()))
                        .cacheTtl(Duration.ZERO)
                        .build();
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .usageFlushInterval(Duration.ZERO)
                        .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());
            assertThat(apiKeys.validator().verify(key.secret()).isValid()).isTrue();

            proxy.cut();
            assertThat(reasonOf(apiKeys.validator().verify(key.secret())))
                    .isEqualTo(Verification.Reason.STORE_UNAVAILABLE);
            await(() -> !store.receivesNotifications(), Duration.ofSeconds(5));
            assertThat(store.receivesNotifications()).isFalse();

            proxy.restore();
            assertThat(apiKeys.validator().verify(key.secret()).isValid())
                    .as("the pooled connections the outage broke are dropped, not handed to this request")
                    .isTrue();
            await(store::receivesNotifications, Duration.ofSeconds(15));
            assertThat(store.receivesNotifications())
                    .as("the listener reconnects by itself")
                    .isTrue();
            apiKeys.flushUsage();
            assertThat(apiKeys.find(key.id()).orElseThrow().useCount())
                    .as("usage counted during the outage is kept")
                    .isEqualTo(2);
        }
    }

    @Test
    void aHangingDatabaseIsRefusedWithinTheTimeoutInsteadOfHoldingTheThread() throws Exception {
        URI target = URI.create(schema.baseUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
                // No socketTimeout in the URL: the store's own bounds (login and network timeouts) must release the
                // thread.
                JdbcKeyStore store = JdbcKeyStore.url(
                                schema.urlVia(proxy.port()).replace("&socketTimeout=10", ""))
                        .cacheTtl(Duration.ZERO)
                        .notifications(false)
                        .build();
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());

            proxy.stall();
            long start = System.nanoTime();
            Verification during = apiKeys.validator().verify(key.secret());
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            proxy.restore();

            assertThat(reasonOf(during)).isEqualTo(Verification.Reason.STORE_UNAVAILABLE);
            assertThat(tookMillis).as("query timeout 2 s + 3 s margin").isLessThan(8_000);
            assertThat(apiKeys.validator().verify(key.secret()).isValid()).isTrue();
        }
    }

    @Test
    void instancesCreatingTheSchemaAtOnceAllStart() throws Exception {
        try (TestDatabases.PostgresSchema empty = TestDatabases.freshPostgresSchema()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Integer>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                starts.add(pool.submit(() -> {
                    start.await();
                    try (JdbcKeyStore store =
                            JdbcKeyStore.url(empty.url()).notifications(false).build()) {
                        store.createSchema();
                        return store.schemaVersion().orElse(-1);
                    }
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> started : starts) {
                assertThat(started.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(JdbcKeyStore.SCHEMA_VERSION);
            }
            pool.shutdown();
        }
    }

    @Test
    void aHalfOpenNotificationConnectionIsNoticedAndReplaced() throws Exception {
        URI target = URI.create(schema.baseUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
                JdbcKeyStore watcher =
                        JdbcKeyStore.url(schema.urlVia(proxy.port())).build()) {
            await(watcher::receivesNotifications, Duration.ofSeconds(5));
            assertThat(watcher.receivesNotifications()).isTrue();

            proxy.stall();
            await(() -> !watcher.receivesNotifications(), Duration.ofSeconds(10));
            assertThat(watcher.receivesNotifications())
                    .as("the heartbeat notices the silent connection")
                    .isFalse();
            proxy.restore();
            await(watcher::receivesNotifications, Duration.ofSeconds(20));
            assertThat(watcher.receivesNotifications()).isTrue();
        }
    }

    @Test
    void aNotificationConnectionThatDropsFallsBackToTheTtlAndResumes() throws Exception {
        URI target = URI.create(schema.baseUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
                JdbcKeyStore watcher = JdbcKeyStore.url(schema.urlVia(proxy.port()))
                        .cacheTtl(Duration.ofMillis(500))
                        .build();
                JdbcKeyStore writer = JdbcKeyStore.url(schema.url()).build();
                ApiKeys watching = ApiKeys.builder()
                        .store(watcher)
                        .listener(VerificationListener.none())
                        .build();
                ApiKeys writing = ApiKeys.builder()
                        .store(writer)
                        .listener(VerificationListener.none())
                        .build()) {
            await(watcher::receivesNotifications, Duration.ofSeconds(5));
            IssuedKey key = writing.issue(KeySpec.builder("k").build());
            assertThat(watching.validator().verify(key.secret()).isValid()).isTrue();

            proxy.cut();
            writing.revoke(key.id());
            proxy.restore();
            await(
                    () -> reasonOf(watching.validator().verify(key.secret())) == Verification.Reason.REVOKED,
                    Duration.ofSeconds(3));

            assertThat(reasonOf(watching.validator().verify(key.secret()))).isEqualTo(Verification.Reason.REVOKED);
        }
    }
}
