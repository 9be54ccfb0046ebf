package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeyHasher;
import dev.apikey.VerificationListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting a process on a current schema (every CLI call does) reads and writes nothing: it neither waits for a
 * writer nor makes anyone wait. Shown by holding the lock a migration would need in another connection meanwhile.
 * Processes that do have to migrate, at once, take turns and keep the data.
 */
final class SchemaCheckTest {

    @TempDir
    Path directory;

    /** Builds a store, creates the schema and binds a hasher, as a process starting up does; on another thread. */
    private static CompletableFuture<Integer> startProcess(String url) {
        return CompletableFuture.supplyAsync(() -> startUp(url, Duration.ofSeconds(1)));
    }

    /** What a process does at start; returns how many keys it lists. */
    private static int startUp(String url, Duration queryTimeout) {
        try (JdbcKeyStore store = JdbcKeyStore.url(url)
                .queryTimeout(queryTimeout)
                .notifications(false)
                .build()) {
            store.createSchema();
            try (ApiKeys keys = ApiKeys.builder()
                    .store(store)
                    .hasher(KeyHasher.hmacSha256("a-pepper-of-sufficient-length"))
                    .listener(VerificationListener.none())
                    .usageFlushInterval(Duration.ZERO)
                    .build()) {
                return keys.list().size();
            }
        }
    }

    @Test
    void onSqliteACurrentSchemaIsCheckedWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("keys.db");
        assertThat(startProcess(url).get(30, TimeUnit.SECONDS)).isZero(); // creates the schema, records the scheme
        try (Connection writer = DriverManager.getConnection(url);
                Statement statement = writer.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                // Before: createSchema took the write lock on every start, so it waited out queryTimeout and failed.
                assertThat(startProcess(url).get(30, TimeUnit.SECONDS)).isZero();
            } finally {
                statement.execute("ROLLBACK");
            }
        }
    }

    @Test
    void processesMigratingAnOldSqliteDatabaseAtOnceAllStartAndKeepItsKeys() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("old.db");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (String name : List.of("schema-sqlite.sql", "migrate-2-sqlite.sql")) {
                for (String sql : SchemaMigration.statements(new String(
                        JdbcKeyStore.class.getResourceAsStream(name).readAllBytes(), StandardCharsets.UTF_8))) {
                    statement.execute(sql);
                }
            }
            statement.execute("INSERT INTO apikey_schema (component, version) VALUES ('apikey', 2)");
            statement.execute(
                    "INSERT INTO api_keys (id, name, key_hash, hint, scopes, allowed_networks, metadata, created_at,"
                            + " use_count) VALUES ('key_old', 'old', '" + "ab".repeat(32)
                            + "', 'ak_abcd', 'a', '', '', 0, 7)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> starts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return startUp(url, Duration.ofSeconds(20)); // they take turns on the write lock
                }));
            }
            go.countDown();
            for (Future<Integer> start : starts) {
                assertThat(start.get(60, TimeUnit.SECONDS))
                        .as("keys listed after the migration")
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        try (JdbcKeyStore store = JdbcKeyStore.url(url).build()) {
            assertThat(store.schemaVersion()).contains(JdbcKeyStore.SCHEMA_VERSION);
            assertThat(store.findById("key_old").orElseThrow().useCount()).isEqualTo(7);
        }
    }

    /**
     * Switching a rollback-journal file to WAL needs it to itself; when two connections try at once, each holding the
     * shared lock the other must lose, SQLite answers one {@code SQLITE_BUSY} at once instead of waiting out its busy
     * timeout (it would be a deadlock). Stores opened at such a moment failed with "database is locked" (seen in CI,
     * six processes migrating one file). Several rounds of four stores opening a rollback-journal file at once.
     */
    @Test
    void onSqliteStoresOpeningARollbackJournalFileAtOnceAllStart() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("journal.db");
        assertThat(startUp(url, Duration.ofSeconds(30))).isZero(); // creates the schema
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                try (Connection connection = DriverManager.getConnection(url);
                        Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA journal_mode = DELETE");
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> starts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starts.add(pool.submit(() -> {
                        go.await();
                        return startUp(url, Duration.ofSeconds(30));
                    }));
                }
                go.countDown();
                for (Future<Integer> start : starts) {
                    assertThat(start.get(60, TimeUnit.SECONDS))
                            .as("round " + round)
                            .isZero();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onPostgresqlACurrentSchemaIsCheckedWhileAnotherSessionHoldsTheSchemaLock() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.freshPostgresSchema()) {
            assertThat(startProcess(schema.url()).get(30, TimeUnit.SECONDS)).isZero();
            try (Connection migrating = DriverManager.getConnection(schema.url());
                    Statement statement = migrating.createStatement()) {
                migrating.setAutoCommit(false);
                statement.execute("SELECT pg_advisory_xact_lock(4180327251)");
                try {
                    // Before: every start took this lock, so it waited for the other session's transaction to end.
                    assertThat(startProcess(schema.url()).get(30, TimeUnit.SECONDS))
                            .isZero();
                } finally {
                    migrating.rollback();
                }
            }
        }
    }
}
