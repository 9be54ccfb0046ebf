package dev.apikey.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.testing.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in this JVM ({@link ExampleApp#run}): its messages, exit codes and help, on a temporary SQLite file.
 * {@link ExampleAppIT} runs the packaged jar.
 */
final class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ExampleApp.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), args);
        return new Result(exitCode, out.toString(UTF_8), err.toString(UTF_8));
    }

    private String db() {
        return "jdbc:sqlite:" + directory.resolve("keys.db");
    }

    /** Issue 13, item 6: a database the example has no driver for was "cannot connect … No suitable driver", exit 1. */
    @Test
    void anUnsupportedDatabaseIsAUsageErrorThatNamesTheSupportedOnes() {
        for (String url : List.of(
                "jdbc:mysql://127.0.0.1:3306/test?user=root&password=hunter2",
                "jdbc:h2:mem:keys",
                "postgresql://127.0.0.1/test?password=hunter2",
                "jdbc:oracle:thin:@//db:1521/x")) {
            Result result = run("keys", "list", "--db", url);

            assertThat(result.exitCode()).as(url).isEqualTo(2);
            assertThat(result.err())
                    .as(url)
                    .startsWith("error: --db ")
                    .contains("is not supported")
                    .contains("jdbc:sqlite:FILE")
                    .contains("jdbc:postgresql://HOST:PORT/DB")
                    .contains("jdbc:mariadb://HOST:PORT/DB")
                    .doesNotContain("hunter2")
                    .doesNotContain("\tat ");
            assertThat(result.out()).isEmpty();
        }
        Result malformed = run("keys", "list", "--db", "notjdbc");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("jdbc:sqlite:FILE");
    }

    /** Issue 13, item 7: revoking a revoked key said "revoked …" as if it had just happened. */
    @Test
    void revokingAKeyTwiceSaysItWasAlreadyRevokedAndKeepsTheFirstTime() throws Exception {
        assertThat(run("keys", "create", "--name", "ci", "--db", db()).exitCode())
                .isZero();
        String id = JSON.readTree(run("keys", "list", "--json", "--db", db()).out())
                .get(0)
                .path("id")
                .asText();

        Result first = run("keys", "revoke", id, "--db", db());
        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).startsWith("revoked " + id + " 'ci'");
        String revokedAt = JSON.readTree(
                        run("keys", "list", "--json", "--db", db()).out())
                .get(0)
                .path("revoked")
                .asText();
        assertThat(revokedAt).isNotBlank();

        Result second = run("keys", "revoke", id, "--db", db());
        assertThat(second.exitCode()).isZero();
        assertThat(second.err())
                .isEqualTo(id + " 'ci' was already revoked at " + revokedAt + "; nothing changed"
                        + System.lineSeparator());
        JsonNode after =
                JSON.readTree(run("keys", "list", "--json", "--db", db()).out()).get(0);
        assertThat(after.path("revoked").asText()).isEqualTo(revokedAt);

        Result unknown = run("keys", "revoke", "key_doesNotExist0000000", "--db", db());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("there is no key");
    }

    /** Issue 17: MariaDB (the MySQL dialect) through the example's own driver: create, list, revoke. */
    @Test
    void theKeysCommandsWorkOnMariaDb() throws Exception {
        String server =
                System.getenv().getOrDefault("APIKEY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
        String database = "apikey_cli_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server + "&connectTimeout=3000");
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true, so the MariaDB test must run: " + e.getMessage(), e);
            }
            org.junit.jupiter.api.Assumptions.abort("MariaDB is not reachable at " + server + ": " + e.getMessage());
        }
        String db = server.replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
        try {
            Result created = run("keys", "create", "--name", "on-mariadb", "--rate-limit", "10/1s", "--db", db);
            assertThat(created.exitCode()).as(created.err()).isZero();
            JsonNode listed = JSON.readTree(
                            run("keys", "list", "--json", "--db", db).out())
                    .get(0);
            assertThat(listed.path("name").asText()).isEqualTo("on-mariadb");
            assertThat(listed.path("rateLimit").asText()).isEqualTo("10/1s");
            Result revoked = run("keys", "revoke", listed.path("id").asText(), "--db", db);
            assertThat(revoked.exitCode()).isZero();
            assertThat(revoked.err()).startsWith("revoked " + listed.path("id").asText());
        } finally {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server);
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    /** Issue 13, item 8: {@code help} as a subcommand was an "Unmatched argument". */
    @Test
    void helpIsACommandAtEveryLevel() {
        Result top = run("help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out())
                .startsWith("Usage: apikey-example")
                .contains("serve")
                .contains("keys");

        Result create = run("help", "keys", "create");
        assertThat(create.exitCode()).isZero();
        assertThat(create.out())
                .startsWith("Usage: apikey-example keys create")
                .contains("--name")
                .contains("--expires-in");
        assertThat(run("keys", "help", "revoke").out()).startsWith("Usage: apikey-example keys revoke");
        assertThat(run("keys", "create", "--help").out()).isEqualTo(create.out());

        Result unknown = run("help", "keys", "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("there is no command 'frobnicate' in 'apikey-example keys'")
                .contains("create, list, revoke, rotate");
    }

    /** Issue 13, item 9: help text wrapped inside paths and URLs. */
    @Test
    void helpLinesFitTheWidthAndNeverSplitAPathOrUrl() {
        for (String[] command : List.of(
                new String[] {"help"},
                new String[] {"help", "serve"},
                new String[] {"help", "keys"},
                new String[] {"help", "keys", "create"},
                new String[] {"help", "keys", "list"},
                new String[] {"help", "keys", "revoke"},
                new String[] {"help", "keys", "rotate"})) {
            String help = run(command).out();
            assertThat(help.lines())
                    .as(String.join(" ", command))
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(ExampleApp.USAGE_WIDTH));
        }
        assertThat(run("help").out()).contains("./" + KeyDatabase.DEFAULT_FILE);
        assertThat(run("help", "keys", "list").out())
                .contains("./" + KeyDatabase.DEFAULT_FILE)
                .contains("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
                .contains("jdbc:sqlite:apikey-data/keys.db");
        assertThat(run("help", "serve").out())
                .contains("APIKEY_TLS_SNI_HOST_CHECK")
                .contains("https://127.0.0.1");
        assertThat(run("help", "keys", "create").out()).contains("reports:read,keys:admin");
    }

    /** Issue 13, item 13: a busy port said only "Address already in use". */
    @Test
    void aBusyPortSuggestsAnotherWithPortOrApikeyPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            Result result = run("serve", "--port", String.valueOf(taken.getLocalPort()), "--db", db());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo("error: port " + taken.getLocalPort() + " on localhost is in use: stop the"
                            + " other process or choose another port with --port or APIKEY_PORT"
                            + System.lineSeparator());
        }
    }

    /** Issue 13, item 10: the pepper warning said "set it before issuing keys" and then the server issued one. */
    @Test
    void withoutAPepperTheFirstStartSaysWhatItMeansForTheKeysIssuedNow() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"));
                CapturedLogs logs = CapturedLogs.capture()) {
            run("serve", "--port", String.valueOf(taken.getLocalPort()), "--db", db());
            assertThat(logs.messages(KeyDatabase.class.getName()))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "APIKEY_PEPPER is not set: the keys issued now (including the first admin key) are hashed"
                                    + " without a pepper")
                    .doesNotContain("before issuing keys");
        }
        assertThat(run("keys", "create", "--name", "ci", "--db", db()).exitCode())
                .isZero();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"));
                CapturedLogs logs = CapturedLogs.capture()) {
            run("serve", "--port", String.valueOf(taken.getLocalPort()), "--db", db());
            assertThat(logs.messages(KeyDatabase.class.getName()))
                    .singleElement()
                    .asString()
                    .startsWith("APIKEY_PEPPER is not set: this database's keys are hashed without a pepper")
                    .contains("can only be chosen for a new database");
        }
    }
}
