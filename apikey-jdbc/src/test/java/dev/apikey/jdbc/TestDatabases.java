package dev.apikey.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against: {@code APIKEY_TEST_JDBC_URL}, by default the project machines'
 * server. Unreachable, the tests are skipped with a message; under {@code CI=true} they fail instead.
 */
final class TestDatabases {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private TestDatabases() {}

    static String postgresUrl() {
        String url = System.getenv("APIKEY_TEST_JDBC_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** A fresh schema of its own on the test server; the URL's {@code currentSchema} points at it. */
    static PostgresSchema freshPostgresSchema() {
        String url = postgresUrl();
        try (Connection connection = DriverManager.getConnection(withTimeouts(url))) {
            String schema = "apikey_test_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            return new PostgresSchema(url, schema);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " (" + e.getMessage()
                    + "); set APIKEY_TEST_JDBC_URL" + " or start the server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " — CI=true, so PostgreSQL tests must run", e);
            }
            System.err.println("SKIPPED PostgreSQL tests: " + message);
            Assumptions.abort(message);
            throw new IllegalStateException("unreachable");
        }
    }

    static String withTimeouts(String url) {
        return url + (url.contains("?") ? "&" : "?") + "connectTimeout=3&socketTimeout=10";
    }

    /** A schema created for one test class, dropped at the end. */
    record PostgresSchema(String baseUrl, String schema) implements AutoCloseable {

        String url() {
            return withTimeouts(baseUrl) + "&currentSchema=" + schema;
        }

        /** The URL with host and port replaced, e.g. to go through a test proxy. */
        String urlVia(int port) {
            return url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(withTimeouts(baseUrl));
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static final String DEFAULT_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    /** The MariaDB (or MySQL) server: {@code APIKEY_TEST_MARIADB_URL}, by default the project machines' server. */
    static String mariaDbUrl() {
        String url = System.getenv("APIKEY_TEST_MARIADB_URL");
        return url == null || url.isBlank() ? DEFAULT_MARIADB_URL : url;
    }

    /** A fresh database of its own on the MariaDB test server. */
    static MariaDbDatabase freshMariaDbDatabase() {
        String url = mariaDbUrl();
        try (Connection connection = DriverManager.getConnection(withMariaDbTimeouts(url))) {
            String database = "apikey_test_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            return new MariaDbDatabase(url, database);
        } catch (SQLException e) {
            String message = "MariaDB is not reachable at " + url + " (" + e.getMessage()
                    + "); set APIKEY_TEST_MARIADB_URL or start the server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " — CI=true, so MariaDB tests must run", e);
            }
            System.err.println("SKIPPED MariaDB tests: " + message);
            Assumptions.abort(message);
            throw new IllegalStateException("unreachable");
        }
    }

    static String withMariaDbTimeouts(String url) {
        return url + (url.contains("?") ? "&" : "?") + "connectTimeout=3000&socketTimeout=10000";
    }

    /** A database created for one test, dropped at the end. */
    record MariaDbDatabase(String baseUrl, String database) implements AutoCloseable {

        /** The URL of this database (the base URL's database replaced). */
        String url() {
            return withMariaDbTimeouts(baseUrl).replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
        }

        /** {@link #url()} for another driver's scheme, e.g. {@code jdbc:mysql:}. */
        String url(String scheme) {
            return scheme + url().substring(url().indexOf("//"));
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(withMariaDbTimeouts(baseUrl));
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }
}
