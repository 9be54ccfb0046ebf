package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.KeyStoreException;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** The HikariCP pool {@code JdbcKeyStore.url} builds: bounded, reused, closed with the store, waits bounded. */
final class ConnectionPoolTest {

    private TestDatabases.PostgresSchema schema;
    private final String application =
            "apikey-pool-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void createSchema() {
        schema = TestDatabases.freshPostgresSchema();
        try (JdbcKeyStore store = JdbcKeyStore.url(schema.url()).build()) {
            store.createSchema();
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    private String url() {
        return schema.url() + "&ApplicationName=" + application;
    }

    /** The server's connections of this test's pools. */
    private long serverConnections() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabases.withTimeouts(schema.baseUrl()));
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            query.setString(1, application);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Test
    void concurrentRequestsShareAtMostPoolSizeConnectionsAndClosingTheStoreClosesThem() throws Exception {
        JdbcKeyStore store = JdbcKeyStore.url(url())
                .poolSize(3)
                .notifications(false)
                .cacheTtl(Duration.ZERO)
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (store;
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    int valid = 0;
                    for (int i = 0; i < 50; i++) {
                        valid += apiKeys.validator().verify(key.secret()).isValid() ? 1 : 0;
                    }
                    return valid;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(50);
            }
            assertThat(serverConnections())
                    .as("every lookup went to the database")
                    .isBetween(1L, 3L);
            assertThat(store.toString()).contains("pool of 3").doesNotContain("password");
        } finally {
            threads.shutdownNow();
        }
        assertThat(serverConnections()).as("the store closed its pool").isZero();
    }

    @Test
    void aRequestWaitsAtMostTheConnectionTimeoutWhenEveryConnectionIsInUse() throws Exception {
        try (JdbcKeyStore store = JdbcKeyStore.url(url())
                        .poolSize(1)
                        .connectionTimeout(Duration.ofMillis(500))
                        .notifications(false)
                        .cacheTtl(Duration.ZERO)
                        .build();
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey held = apiKeys.issue(KeySpec.builder("held").build());
            IssuedKey other = apiKeys.issue(KeySpec.builder("other").build());
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService holder = Executors.newSingleThreadExecutor();
            try {
                // An update runs its change inside the transaction: it holds the pool's only connection until released.
                Future<?> update = holder.submit(() -> store.update(held.id(), key -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return key;
                }));
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

                assertThatThrownBy(() -> store.findById(other.id()))
                        .isInstanceOf(KeyStoreException.class)
                        .hasMessageContaining("Connection is not available, request timed out after");
                Verification refused = apiKeys.validator().verify(other.secret());
                assertThat(refused).isInstanceOf(Verification.Rejected.class);
                assertThat(((Verification.Rejected) refused).reason()).isEqualTo(Verification.Reason.STORE_UNAVAILABLE);

                release.countDown();
                update.get(30, TimeUnit.SECONDS);
                assertThat(apiKeys.validator().verify(other.secret()).isValid()).isTrue();
            } finally {
                release.countDown();
                holder.shutdownNow();
            }
        }
    }

    @Test
    void poolSettingsAreCheckedAndRefusedForAGivenDataSource() {
        SQLiteDataSource given = new SQLiteDataSource();
        given.setUrl("jdbc:sqlite::memory:");
        assertThatThrownBy(() -> JdbcKeyStore.builder(given).poolSize(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was given a DataSource, whose own pool settings apply");
        assertThatThrownBy(() -> JdbcKeyStore.builder(given).connectionTimeout(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JdbcKeyStore.url(url()).poolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poolSize must be between 1 and 1000");
        assertThatThrownBy(() -> JdbcKeyStore.url(url()).connectionTimeout(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 250 ms");
        assertThatThrownBy(() -> JdbcKeyStore.url(url()).poolSize(2).poolSize(3))
                .isInstanceOf(IllegalStateException.class);
    }
}
