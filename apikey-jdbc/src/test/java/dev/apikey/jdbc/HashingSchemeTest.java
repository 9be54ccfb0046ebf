package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeyFormat;
import dev.apikey.KeyGenerator;
import dev.apikey.KeyHasher;
import dev.apikey.KeySpec;
import dev.apikey.KeyStoreException;
import dev.apikey.VerificationListener;
import dev.apikey.testing.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hashing scheme recorded with the schema, on SQLite and PostgreSQL: a process with another pepper or algorithm
 * than the database's keys were written with refuses to start and writes nothing; the same pepper works; a database
 * from before the fingerprint gets one on first use, its keys kept.
 */
final class HashingSchemeTest {

    private static final String PEPPER = "the-servers-pepper-0123456789";
    private static final String OTHER_PEPPER = "another-pepper-9876543210abcdef";
    private static final KeyHasher HMAC = KeyHasher.hmacSha256(PEPPER);
    private static final KeyHasher OTHER_HMAC = KeyHasher.hmacSha256(OTHER_PEPPER);

    @TempDir
    Path directory;

    private TestDatabases.PostgresSchema postgres;

    @AfterEach
    void dropPostgresSchema() throws SQLException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A fresh, empty database of the kind named. */
    private String freshUrl(String kind) {
        if (kind.equals("sqlite")) {
            return "jdbc:sqlite:" + directory.resolve("keys.db");
        }
        postgres = TestDatabases.freshPostgresSchema();
        return postgres.url();
    }

    private static JdbcKeyStore store(String url) {
        JdbcKeyStore store = JdbcKeyStore.url(url).notifications(false).build();
        store.createSchema();
        return store;
    }

    private static ApiKeys apiKeys(JdbcKeyStore store, KeyHasher hasher) {
        return ApiKeys.builder()
                .store(store)
                .hasher(hasher)
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ZERO)
                .build();
    }

    private static String recorded(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT hashing_scheme FROM apikey_schema WHERE component = 'apikey'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private static int keyRows(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM api_keys")) {
            row.next();
            return row.getInt(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anotherPepperOrAlgorithmRefusesToStartAndTheSamePepperWorks(String kind) throws Exception {
        String url = freshUrl(kind);
        IssuedKey issued;
        try (JdbcKeyStore server = store(url);
                ApiKeys keys = apiKeys(server, KeyHasher.hmacSha256(PEPPER))) {
            issued = keys.issue(KeySpec.builder("by-the-server").build());
        }
        assertThat(recorded(url)).matches("hmac-sha256:[0-9a-f]{8}");

        try (JdbcKeyStore cli = store(url);
                CapturedLogs logs = CapturedLogs.capture()) {
            assertThatThrownBy(() -> apiKeys(cli, KeyHasher.hmacSha256(OTHER_PEPPER)))
                    .isInstanceOf(HashingSchemeMismatchException.class)
                    .isInstanceOf(KeyStoreException.class)
                    .hasMessageContaining("hashed with hmac-sha256 under another pepper than this process's")
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("the server's")
                    .hasMessageNotContaining(OTHER_PEPPER)
                    .hasMessageNotContaining(PEPPER);
            assertThatThrownBy(() -> apiKeys(cli, KeyHasher.sha256()))
                    .isInstanceOf(HashingSchemeMismatchException.class)
                    .hasMessageContaining("hashed with hmac-sha256, but this process hashes with sha256");
            assertThat(logs.allText()).doesNotContain(PEPPER).doesNotContain(OTHER_PEPPER);
        }
        assertThat(keyRows(url)).as("nothing written by the refused processes").isEqualTo(1);

        try (JdbcKeyStore again = store(url);
                ApiKeys keys = apiKeys(again, KeyHasher.hmacSha256(PEPPER))) {
            assertThat(keys.validator().verify(issued.secret()).isValid()).isTrue();
            assertThat(keys.issue(KeySpec.builder("by-the-cli").build())).isNotNull();
        }
        assertThat(recorded(url)).doesNotContain(PEPPER).hasSize("hmac-sha256:".length() + 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDatabaseFromBeforeTheFingerprintKeepsItsKeysAndGetsOneOnFirstUse(String kind) throws Exception {
        String url = freshUrl(kind);
        String script = kind.equals("sqlite") ? "sqlite" : "postgresql";
        String oldKey = KeyGenerator.secure().generate();
        // A version-3 database written by the previous release: keys, no hashing_scheme column.
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (String name : List.of(
                    "schema-" + script + ".sql", "migrate-2-" + script + ".sql", "migrate-3-" + script + ".sql")) {
                for (String sql : SchemaMigration.statements(new String(
                        JdbcKeyStore.class.getResourceAsStream(name).readAllBytes(), StandardCharsets.UTF_8))) {
                    statement.execute(sql);
                }
            }
            statement.execute("INSERT INTO apikey_schema (component, version) VALUES ('apikey', 3)");
            statement.execute(
                    "INSERT INTO api_keys (id, name, key_hash, hint, scopes, allowed_networks, metadata, created_at,"
                            + " use_count) VALUES ('key_old', 'old', '"
                            + KeyHasher.hmacSha256(PEPPER).hash(oldKey).toHex() + "', '"
                            + KeyFormat.of("ak").hint(oldKey) + "', 'a', '', '', 0, 7)");
        }

        try (JdbcKeyStore upgraded = store(url)) {
            assertThat(upgraded.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
            assertThat(recorded(url))
                    .as("nothing recorded before a hasher is bound")
                    .isNull();
            try (ApiKeys keys = apiKeys(upgraded, KeyHasher.hmacSha256(PEPPER))) {
                assertThat(keys.validator().verify(oldKey).isValid())
                        .as("the old key still works")
                        .isTrue();
                assertThat(keys.find("key_old").orElseThrow().useCount())
                        .as("its data kept")
                        .isEqualTo(7);
            }
        }
        assertThat(recorded(url)).startsWith("hmac-sha256:");
        try (JdbcKeyStore other = store(url)) {
            assertThatThrownBy(() -> apiKeys(other, KeyHasher.hmacSha256(OTHER_PEPPER)))
                    .isInstanceOf(HashingSchemeMismatchException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHasherBoundBeforeTheSchemaExistsIsRecordedWithItAndCheckedBeforeEveryWrite(String kind) throws Exception {
        String url = freshUrl(kind);
        try (JdbcKeyStore early = JdbcKeyStore.url(url).notifications(false).build();
                ApiKeys keys = apiKeys(early, KeyHasher.hmacSha256(PEPPER))) {
            early.createSchema();
            assertThat(recorded(url)).as("recorded with the schema").startsWith("hmac-sha256:");
            assertThat(keys.issue(KeySpec.builder("k").build())).isNotNull();
        }

        String second = kind.equals("sqlite") ? "jdbc:sqlite:" + directory.resolve("second.db") : null;
        if (second == null) {
            postgres.close();
            postgres = null;
            second = freshUrl(kind);
        }
        // Bound while there is no schema; meanwhile another process creates it under another pepper.
        try (JdbcKeyStore late = JdbcKeyStore.url(second).notifications(false).build();
                ApiKeys keys = apiKeys(late, KeyHasher.hmacSha256(OTHER_PEPPER))) {
            try (JdbcKeyStore server = store(second);
                    ApiKeys serverKeys = apiKeys(server, KeyHasher.hmacSha256(PEPPER))) {
                serverKeys.issue(KeySpec.builder("server").build());
            }
            assertThatThrownBy(() -> keys.issue(KeySpec.builder("refused").build()))
                    .isInstanceOf(HashingSchemeMismatchException.class);
            assertThat(keyRows(second)).as("the refused key was not written").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void processesBindingAtOnceAgreeOnOneScheme(String kind) throws Exception {
        String url = freshUrl(kind);
        store(url).close();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String pepper = i % 2 == 0 ? PEPPER : OTHER_PEPPER;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try (JdbcKeyStore store =
                                    JdbcKeyStore.url(url).notifications(false).build();
                            ApiKeys keys = apiKeys(store, KeyHasher.hmacSha256(pepper))) {
                        return pepper;
                    } catch (HashingSchemeMismatchException refused) {
                        return "refused";
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(60, TimeUnit.SECONDS));
            }
            assertThat(results)
                    .as("one pepper won; every process with the other was refused")
                    .containsOnly(
                            results.stream()
                                    .filter(r -> !r.equals("refused"))
                                    .findFirst()
                                    .orElseThrow(),
                            "refused")
                    .filteredOn("refused"::equals)
                    .hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @org.junit.jupiter.api.Test
    void aStoreThatCouldNotCheckAtStartChecksBeforeItsFirstLookup() throws Exception {
        Path file = directory.resolve("keys.db");
        String url = "jdbc:sqlite:" + file;
        IssuedKey issued;
        try (JdbcKeyStore server = store(url);
                ApiKeys keys = apiKeys(server, HMAC)) {
            issued = keys.issue(KeySpec.builder("k").build());
        }
        Path away = directory.resolve("keys.db.away");
        java.nio.file.Files.move(file, away);
        try (JdbcKeyStore other = JdbcKeyStore.url(url).notifications(false).build();
                CapturedLogs logs = CapturedLogs.capture()) {
            // The database is not there when the hasher is bound (an empty file stands in): nothing to check yet.
            try (ApiKeys keys = apiKeys(other, OTHER_HMAC)) {
                assertThat(logs.messages(JdbcKeyStore.class.getName()))
                        .anyMatch(line -> line.contains("could not be checked yet"));
                java.nio.file.Files.delete(file);
                java.nio.file.Files.move(away, file);
                other.evictIdleConnections(); // its pooled connections still read the deleted stand-in

                assertThatThrownBy(() -> keys.find(issued.id())).isInstanceOf(HashingSchemeMismatchException.class);
                assertThatThrownBy(() -> other.findByHash(OTHER_HMAC.hash(issued.secret())))
                        .isInstanceOf(HashingSchemeMismatchException.class);
            }
        }
    }
}
