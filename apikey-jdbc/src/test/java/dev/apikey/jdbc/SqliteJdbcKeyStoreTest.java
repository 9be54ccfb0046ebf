package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.KeyStoreException;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import dev.apikey.testing.CapturedLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store does beyond the contract: schema, restarts, sharing a file, caching, corrupt rows. */
final class SqliteJdbcKeyStoreTest {

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("data/keys.db");
    }

    private JdbcKeyStore open(JdbcKeyStore.Builder builder) {
        JdbcKeyStore store = builder.build();
        store.createSchema();
        return store;
    }

    private static Verification.Reason reasonOf(Verification verification) {
        return ((Verification.Rejected) verification).reason();
    }

    @Test
    void schemaCreationIsIdempotentRecordsItsVersionAndTurnsOnWal() throws Exception {
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()))) {
            store.createSchema();
            store.createSchema();

            assertThat(store.database()).isEqualTo(Database.SQLITE);
            assertThat(store.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    /** A brand-new database's start says it created the schema, not that it migrated an existing one step by step. */
    @Test
    void aNewDatabaseLogsThatItsSchemaWasCreatedAndAnOldOneThatItWasMigrated() throws Exception {
        String logger = JdbcKeyStore.class.getName();
        try (CapturedLogs logs = CapturedLogs.capture();
                JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()))) {
            store.createSchema();
            assertThat(logs.messages(logger))
                    .filteredOn(message -> message.contains("schema"))
                    .containsExactly("created the key database schema (version " + JdbcKeyStore.SCHEMA_VERSION + ")");
        }
        Path old = directory.resolve("old.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement statement = connection.createStatement()) {
            for (String name : List.of("schema-sqlite.sql", "migrate-2-sqlite.sql")) {
                for (String sql : SchemaMigration.statements(new String(
                        JdbcKeyStore.class.getResourceAsStream(name).readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    statement.execute(sql);
                }
            }
            statement.execute("INSERT INTO apikey_schema (component, version) VALUES ('apikey', 2)");
        }
        try (CapturedLogs logs = CapturedLogs.capture();
                JdbcKeyStore store = open(JdbcKeyStore.sqlite(old))) {
            List<String> expected = new ArrayList<>();
            for (int version = 3; version <= JdbcKeyStore.SCHEMA_VERSION; version++) {
                expected.add("migrated the key database schema to version " + version);
            }
            assertThat(logs.messages(logger))
                    .filteredOn(message -> message.contains("schema"))
                    .isEqualTo(expected);
        }
    }

    /**
     * Another process holding the write lock (a long transaction, a stuck CLI): writes give up after
     * {@code queryTimeout} with a clear error and change nothing; lookups never wait for the lock (WAL), and the
     * usage counted meanwhile is written once the lock is released.
     */
    @Test
    void aWriteLockHeldElsewhereFailsWritesAfterTheTimeoutAndNeverBlocksLookups() throws Exception {
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file())
                        .queryTimeout(Duration.ofSeconds(1))
                        .cacheTtl(Duration.ZERO));
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .usageFlushInterval(Duration.ofHours(1))
                        .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("locked-out").build());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
                    Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");

                long started = System.nanoTime();
                assertThatThrownBy(() -> apiKeys.revoke(key.id()))
                        .isInstanceOf(KeyStoreException.class)
                        .hasMessageContaining("locked");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the write gave up")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(apiKeys.validator().verify(key.secret()).isValid())
                        .as("a lookup under the lock")
                        .isTrue();
                assertThatThrownBy(apiKeys::flushUsage).isInstanceOf(KeyStoreException.class);

                statement.execute("ROLLBACK");
            }
            apiKeys.flushUsage();
            ApiKey stored = apiKeys.find(key.id()).orElseThrow();
            assertThat(stored.revokedAt())
                    .as("the failed revocation changed nothing")
                    .isEmpty();
            assertThat(stored.useCount()).as("the use counted under the lock").isEqualTo(1);
            assertThat(apiKeys.revoke(key.id())).isPresent();
            assertThat(apiKeys.validator().verify(key.secret()).isValid()).isFalse();
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithAnUpgradeHint() throws Exception {
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()))) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE apikey_schema SET version = 99");
            }
            assertThatThrownBy(store::createSchema)
                    .isInstanceOf(KeyStoreException.class)
                    .hasMessageContaining("schema version 99")
                    .hasMessageContaining("upgrade apikey-jdbc");
        }
    }

    @Test
    void everyKeyAndItsUsageSurviveARestart() {
        List<IssuedKey> issued = new ArrayList<>();
        IssuedKey revoked;
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()));
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            for (int i = 0; i < 20; i++) {
                issued.add(
                        apiKeys.issue(KeySpec.builder("k" + i).scopes("s" + i).build()));
            }
            revoked = issued.get(3);
            apiKeys.revoke(revoked.id());
            apiKeys.validator().verify(issued.get(0).secret());
            apiKeys.validator().verify(issued.get(0).secret());
        }
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()));
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            assertThat(apiKeys.list()).hasSize(20);
            for (IssuedKey key : issued) {
                assertThat(apiKeys.validator().verify(key.secret()).isValid()).isEqualTo(key != revoked);
            }
            assertThat(apiKeys.find(issued.get(0).id()).orElseThrow().useCount())
                    .as("flushed on close")
                    .isEqualTo(2);
        }
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersRevocationsWithinTheCacheTtl() throws Exception {
        try (JdbcKeyStore server = open(JdbcKeyStore.sqlite(file()).cacheTtl(Duration.ofMillis(300)));
                JdbcKeyStore cli = open(JdbcKeyStore.sqlite(file()));
                ApiKeys serverKeys = ApiKeys.builder()
                        .store(server)
                        .listener(VerificationListener.none())
                        .build();
                ApiKeys cliKeys = ApiKeys.builder()
                        .store(cli)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey key = cliKeys.issue(KeySpec.builder("from-cli").build());
            assertThat(serverKeys.validator().verify(key.secret()).isValid()).isTrue();

            cliKeys.revoke(key.id());
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (serverKeys.validator().verify(key.secret()).isValid() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(reasonOf(serverKeys.validator().verify(key.secret()))).isEqualTo(Verification.Reason.REVOKED);
        }
    }

    @Test
    void repeatedUnknownKeysCostOneQueryAndTheirMemoryIsBounded() {
        JdbcKeyStore.sqlite(file());
        CountingDataSource counting = new CountingDataSource(sqliteDataSource("jdbc:sqlite:" + file()));
        try (JdbcKeyStore store = open(JdbcKeyStore.builder(counting.dataSource).unknownCacheSize(100));
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            String stranger = KeyGenerator.secure().generate();
            int before = counting.connections.get();
            for (int i = 0; i < 1_000; i++) {
                assertThat(reasonOf(apiKeys.validator().verify(stranger))).isEqualTo(Verification.Reason.UNKNOWN);
            }
            assertThat(counting.connections.get() - before).isEqualTo(1);

            for (int i = 0; i < 1_000; i++) {
                apiKeys.validator().verify(KeyGenerator.secure().generate());
            }
            assertThat(store.unknownHashesCached()).isLessThanOrEqualTo(100);

            IssuedKey known = apiKeys.issue(KeySpec.builder("k").build());
            apiKeys.validator().verify(known.secret());
            int warm = counting.connections.get();
            for (int i = 0; i < 1_000; i++) {
                assertThat(apiKeys.validator().verify(known.secret()).isValid()).isTrue();
            }
            assertThat(counting.connections.get() - warm)
                    .as("a warm cache never touches the database")
                    .isZero();
        }
    }

    @Test
    void aCorruptRowRefusesThatKeyOnlyNamingIt() throws Exception {
        try (JdbcKeyStore store = open(JdbcKeyStore.sqlite(file()));
                ApiKeys apiKeys = ApiKeys.builder()
                        .store(store)
                        .listener(VerificationListener.none())
                        .build()) {
            IssuedKey broken = apiKeys.issue(KeySpec.builder("broken").build());
            IssuedKey healthy = apiKeys.issue(KeySpec.builder("healthy").build());
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE api_keys SET allowed_networks = '10.0.0.999/8', scopes = 'bad scope!'"
                        + " WHERE id = '" + broken.id() + "'");
            }
            try (JdbcKeyStore fresh = open(JdbcKeyStore.sqlite(file()));
                    ApiKeys other = ApiKeys.builder()
                            .store(fresh)
                            .listener(VerificationListener.none())
                            .build();
                    CapturedLogs logs = CapturedLogs.capture()) {
                assertThat(reasonOf(other.validator().verify(broken.secret()))).isEqualTo(Verification.Reason.UNKNOWN);
                assertThat(other.validator().verify(healthy.secret()).isValid()).isTrue();
                assertThat(other.list()).extracting(ApiKey::id).containsExactly(healthy.id());
                assertThatThrownBy(() -> other.revoke(broken.id()))
                        .isInstanceOf(KeyStoreException.class)
                        .hasMessageContaining("the row of key " + broken.id() + " is corrupt");
                assertThat(logs.allText())
                        .contains("the row of key " + broken.id() + " is corrupt: allowed_networks")
                        .doesNotContain(broken.secret());
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearErrorAtBuild() {
        assertThatThrownBy(() -> JdbcKeyStore.url("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1")
                        .build())
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("check the URL");
        assertThatThrownBy(() -> JdbcKeyStore.url("postgres://x")).hasMessageContaining("starts with jdbc:");
        assertThatThrownBy(() ->
                        JdbcKeyStore.sqlite(file()).cacheTtl(Duration.ZERO).cacheTtl(Duration.ZERO))
                .hasMessage("cacheTtl was already set");
    }

    private static javax.sql.DataSource sqliteDataSource(String url) {
        org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl(url);
        return dataSource;
    }
}
