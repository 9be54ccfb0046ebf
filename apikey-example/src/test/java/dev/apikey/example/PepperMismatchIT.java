package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.testing.PlaintextKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI run with a missing or wrong {@code APIKEY_PEPPER} against the server's database: it used to issue keys
 * that never verified and to answer "there is no key" for a leaked key it could not find. Now it exits 1 with one
 * line that says to set the server's pepper, and writes nothing.
 */
final class PepperMismatchIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern KEY = Pattern.compile("ak_[0-9A-Za-z]{49}");
    private static final String PEPPER = "the-servers-pepper-0123456789";
    private static final String OTHER_PEPPER = "not-the-servers-pepper-9876543210";

    @TempDir
    Path directory;

    private final List<AppProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAndScanOutput() throws Exception {
        for (AppProcess process : processes) {
            process.close();
        }
        for (AppProcess process : processes) {
            assertThat(PlaintextKeys.in(process.stderr()))
                    .as("keys (of any prefix) on standard error")
                    .isEmpty();
            assertThat(process.stderr() + process.stdout())
                    .doesNotContain(PEPPER)
                    .doesNotContain(OTHER_PEPPER);
        }
    }

    private String dbUrl() {
        return "jdbc:sqlite:" + directory.resolve("keys.db");
    }

    private AppProcess cli(String pepper, String... args) throws Exception {
        Map<String, String> env = pepper == null
                ? Map.of("APIKEY_DB_URL", dbUrl())
                : Map.of("APIKEY_DB_URL", dbUrl(), "APIKEY_PEPPER", pepper);
        AppProcess process = AppProcess.run(directory, env, args);
        processes.add(process);
        return process;
    }

    /** The rows of the key table and the recorded scheme, read straight from the file. */
    private String databaseState() throws Exception {
        try (Connection connection = DriverManager.getConnection(dbUrl());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT (SELECT count(*) FROM api_keys) || ' keys, scheme '"
                                + " || coalesce((SELECT hashing_scheme FROM apikey_schema WHERE component = 'apikey'), 'none')")) {
            row.next();
            return row.getString(1);
        }
    }

    private static void assertRefused(AppProcess process, String problem, String advice) throws Exception {
        assertThat(process.awaitExit(AppProcess.STARTUP)).as(process.stderr()).isEqualTo(1);
        assertThat(process.stdout()).as("no key printed").isEmpty();
        // What the JVM itself may print first (JDK 22+ native-access notes) is not the command's output.
        String stderr = process.stderr()
                .lines()
                .filter(line -> !line.startsWith("WARNING: ") && !line.isBlank())
                .collect(java.util.stream.Collectors.joining("\n"))
                .strip();
        assertThat(stderr)
                .startsWith("error: ")
                .contains(problem)
                .contains("nothing was written")
                .endsWith(advice)
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("there is no key");
    }

    @Test
    void aCliWithoutOrWithAnotherPepperExitsWithTheReasonAndWritesNothing() throws Exception {
        AppProcess server = AppProcess.start(
                directory, Map.of("APIKEY_DB_URL", dbUrl(), "APIKEY_PEPPER", PEPPER), "serve", "--port", "0");
        processes.add(server);
        URI base = URI.create("http://127.0.0.1:" + server.awaitStderr(LISTENING, AppProcess.STARTUP));
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        assertThat(admin).matches(KEY.pattern());
        String before = databaseState();

        assertRefused(
                cli(null, "keys", "create", "--name", "no-pepper"),
                "hashed with hmac-sha256, but this process hashes with sha256",
                "set APIKEY_PEPPER to the pepper the server uses (it is not set here)");
        assertRefused(
                cli(OTHER_PEPPER, "keys", "create", "--name", "wrong-pepper"),
                "hashed with hmac-sha256 under another pepper than this process's",
                "set APIKEY_PEPPER to the pepper the server uses");
        assertRefused(
                cli(null, "keys", "revoke", admin),
                "but this process hashes with sha256",
                "set APIKEY_PEPPER to the pepper the server uses (it is not set here)");
        AppProcess secondServer = AppProcess.start(
                directory, Map.of("APIKEY_DB_URL", dbUrl(), "APIKEY_PEPPER", OTHER_PEPPER), "serve", "--port", "0");
        processes.add(secondServer);
        assertRefused(secondServer, "under another pepper", "set APIKEY_PEPPER to the pepper the server uses");
        assertThat(databaseState())
                .as("nothing written by the refused commands")
                .isEqualTo(before)
                .matches("1 keys, scheme hmac-sha256:[0-9a-f]{8}");

        AppProcess created = cli(PEPPER, "keys", "create", "--name", "right-pepper");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String key = created.stdout().strip();
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/secure-data"))
                                .header("X-API-Key", key)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as("a key from the CLI with the server's pepper works")
                .isEqualTo(200);
    }
}
