package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL quick start on a real SQLite file and a real PostgreSQL schema of its own. */
final class SqlQuickStartTest {

    private static final String POSTGRES = System.getenv().getOrDefault("APIKEY_TEST_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Test
    void keysAndTheirUseCountsSurviveARestartOnSqlite(@TempDir Path directory) {
        String url = "jdbc:sqlite:" + directory.resolve("keys.db");

        assertEquals(List.of("uses=3"), useCounts(url));
        assertEquals(List.of("uses=3", "uses=3"), useCounts(url), "the first run's key is still there");
    }

    @Test
    void aPostgresqlSchemaOtherThanTheDefaultHoldsTheTables() throws SQLException {
        String schema = "quickstart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = postgres(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            try {
                String url = POSTGRES + "&currentSchema=" + schema;
                assertEquals(List.of("uses=3"), useCounts(url));
                assertEquals(List.of("uses=3", "uses=3"), useCounts(url));
                try (ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = '" + schema + "' AND table_name = 'api_keys'")) {
                    assertTrue(tables.next() && tables.getInt(1) == 1, "api_keys is in schema " + schema);
                }
            } finally {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static List<String> useCounts(String url) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SqlQuickStart.run(url, new PrintStream(captured, true, StandardCharsets.UTF_8));
        return captured.toString(StandardCharsets.UTF_8).lines()
                .peek(line -> assertTrue(line.matches("key_[0-9A-Za-z]{20} sql-quickstart uses=\\d+"), line))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .toList();
    }

    private static Connection postgres() throws SQLException {
        try {
            return DriverManager.getConnection(POSTGRES);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("PostgreSQL is not reachable at " + POSTGRES + ": " + e.getMessage());
            throw e;
        }
    }
}
