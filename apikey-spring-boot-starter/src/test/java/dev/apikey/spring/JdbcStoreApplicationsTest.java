package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.RateLimit;
import dev.apikey.jdbc.Database;
import dev.apikey.jdbc.JdbcKeyStore;
import dev.apikey.testing.TcpProxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Applications whose keys live in their Spring Boot {@code DataSource} ({@code spring.datasource.url}, HikariCP),
 * on a real SQLite file and a real PostgreSQL server: chosen with no apikey property, kept across restarts, the
 * schema created only when asked, counters shared between instances when asked, and every misfit a start-up report.
 */
final class JdbcStoreApplicationsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SecureController.class)
    static class App {}

    private static final String PEPPER = "apikey.pepper=a-pepper-of-the-jdbc-test-long-enough";

    @TempDir
    Path directory;

    private static ConfigurableApplicationContext start(String... properties) {
        return TestApplications.start(App.class, properties);
    }

    private static int get(ConfigurableApplicationContext context, String key) throws Exception {
        return TestApplications.get(context, "/secure", "X-API-Key", key).statusCode();
    }

    private String sqliteUrl() {
        return "spring.datasource.url=jdbc:sqlite:" + directory.resolve("keys.db");
    }

    @Test
    void anSqliteDataSourceKeepsTheKeysAcrossRestarts() throws Exception {
        String key;
        try (ConfigurableApplicationContext context =
                start(sqliteUrl(), "apikey.store.initialize-schema=true", PEPPER)) {
            assertThat(context.getBean(KeyStore.class)).isInstanceOf(JdbcKeyStore.class);
            assertThat(((JdbcKeyStore) context.getBean(KeyStore.class)).database())
                    .isEqualTo(Database.SQLITE);
            key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("kept").build())
                    .secret();
            assertThat(get(context, key)).isEqualTo(200);
        }
        try (ConfigurableApplicationContext context = start(sqliteUrl(), PEPPER)) {
            assertThat(get(context, key))
                    .as("the key outlived the first application")
                    .isEqualTo(200);
        }
    }

    @Test
    void aPostgresqlDataSourceKeepsTheKeys() throws Exception {
        inFreshPostgresSchema(schema -> {
            String url = "spring.datasource.url=" + postgresUrl() + "&currentSchema=" + schema;
            try (ConfigurableApplicationContext context = start(url, "apikey.store.initialize-schema=true", PEPPER)) {
                JdbcKeyStore store = (JdbcKeyStore) context.getBean(KeyStore.class);
                assertThat(store.database()).isEqualTo(Database.POSTGRESQL);
                String key = context.getBean(ApiKeys.class)
                        .issue(KeySpec.builder("kept").build())
                        .secret();
                assertThat(get(context, key)).isEqualTo(200);
                assertThat(get(context, key + "x")).isEqualTo(401);
            }
        });
    }

    @Test
    void theHealthOfAPostgresqlStoreFollowsTheDatabaseAndNamesNoAddress() throws Exception {
        inFreshPostgresSchema(schema -> {
            try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
                String url = "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port()
                        + "/test?user=postgres&currentSchema=" + schema;
                try (ConfigurableApplicationContext context = start(
                        url,
                        "apikey.store.initialize-schema=true",
                        "spring.datasource.hikari.connection-timeout=1000",
                        "management.endpoint.health.show-details=always",
                        PEPPER)) {
                    HttpResponse<String> up = TestApplications.get(context, "/actuator/health");
                    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                    assertThat(up.body())
                            .contains("\"database\":\"postgresql\"")
                            .contains("\"schemaVersion\":" + JdbcKeyStore.SCHEMA_VERSION);

                    proxy.cut();
                    HttpResponse<String> down = TestApplications.get(context, "/actuator/health");
                    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                    assertThat(down.body())
                            .contains("the key database cannot be read")
                            .doesNotContain(Integer.toString(proxy.port()))
                            .doesNotContain("postgres?")
                            .doesNotContain(schema);
                }
            }
        });
    }

    @Test
    void withoutInitializeSchemaAnEmptyDatabaseStopsStartUpSayingWhatToDo() {
        assertThatThrownBy(() -> start(sqliteUrl(), PEPPER))
                .hasRootCauseInstanceOf(UnusableKeyStoreException.class)
                .satisfies(failure -> {
                    FailureAnalysis analysis = new UnusableKeyStoreFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getDescription())
                            .isEqualTo("The apikey key store cannot be used: the database has no apikey tables");
                    assertThat(analysis.getAction())
                            .contains("apikey.store.initialize-schema=true")
                            .contains("schema-sqlite.sql");
                });
    }

    @Test
    void anotherPepperThanTheStoredKeysWasIssuedWithStopsStartUp() {
        start(sqliteUrl(), "apikey.store.initialize-schema=true", PEPPER).close();

        assertThatThrownBy(() -> start(sqliteUrl(), "apikey.pepper=another-pepper-that-is-long-enough-too"))
                .hasRootCauseInstanceOf(dev.apikey.jdbc.HashingSchemeMismatchException.class)
                .satisfies(failure -> {
                    FailureAnalysis analysis = new UnusableKeyStoreFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getAction()).contains("apikey.pepper");
                    assertThat(analysis.getDescription()).doesNotContain("another-pepper");
                });
    }

    @Test
    void sharedLimitsHoldAcrossTwoInstancesOfTheApplication() throws Exception {
        String[] properties = {
            sqliteUrl(), "apikey.store.initialize-schema=true", "apikey.store.shared-limits=true", PEPPER
        };
        try (ConfigurableApplicationContext first = start(properties);
                ConfigurableApplicationContext second = start(properties)) {
            String key = first.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("once")
                            .rateLimit(RateLimit.parse("1/1h"))
                            .build())
                    .secret();

            assertThat(get(first, key)).isEqualTo(200);
            assertThat(get(second, key))
                    .as("the other instance sees the same counter")
                    .isEqualTo(429);
        }
    }

    @Test
    void theMemoryStoreCanBeChosenBesideADataSource() {
        try (ConfigurableApplicationContext context = start(sqliteUrl(), "apikey.store.type=memory")) {
            assertThat(context.getBean(KeyStore.class)).isNotInstanceOf(JdbcKeyStore.class);
        }
    }

    /** A fresh PostgreSQL schema for {@code test}, dropped afterwards. */
    private static void inFreshPostgresSchema(SchemaTest test) throws Exception {
        String schema =
                "apikey_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try {
            test.run(schema);
        } finally {
            try (Connection connection = DriverManager.getConnection(postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @FunctionalInterface
    private interface SchemaTest {
        void run(String schema) throws Exception;
    }

    private static String postgresUrl() {
        String url = System.getenv("APIKEY_TEST_JDBC_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }
}
