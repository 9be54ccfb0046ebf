package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.testing.PlaintextKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged app end to end: a real process from the jar, real HTTP, the CLI on the same SQLite file. */
final class ExampleAppIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern KEY = Pattern.compile("\\bak_[0-9A-Za-z]{49}\\b");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Map<String, String> env;
    private final List<AppProcess> processes = new ArrayList<>();

    @BeforeEach
    void useAFileInTheTempDirectory() {
        // Every process logs at TRACE (Jetty stays at WARN: it logs raw headers at DEBUG), so the output scan
        // below covers the most verbose logs.
        env = Map.of(
                "APIKEY_DB_URL",
                "jdbc:sqlite:" + directory.resolve("keys.db"),
                "APIKEY_LOG_LEVEL",
                "TRACE",
                "APIKEY_AUDIT_LEVEL",
                "TRACE");
    }

    @AfterEach
    void stopEverythingAndScanOutput() throws Exception {
        for (AppProcess process : processes) {
            process.close();
        }
        // Secrets may appear only where printing them is the command's job: on standard output, alone on a line
        // (the first-start admin key, `keys create`, `keys rotate`); never in a log line or message.
        for (AppProcess process : processes) {
            assertThat(PlaintextKeys.in(process.stderr()))
                    .as("keys (of any prefix) on standard error")
                    .isEmpty();
            for (String line : process.stdout().split("\n")) {
                if (KEY.matcher(line).find()) {
                    assertThat(line.strip())
                            .as("a key on standard output stands alone")
                            .matches(KEY.pattern());
                }
            }
        }
    }

    private AppProcess serve() throws Exception {
        AppProcess server = AppProcess.start(directory, env, "serve", "--port", "0");
        processes.add(server);
        server.awaitStderr(LISTENING, AppProcess.STARTUP);
        return server;
    }

    private AppProcess cli(String... args) throws Exception {
        AppProcess process = AppProcess.run(directory, env, args);
        processes.add(process);
        return process;
    }

    private static URI base(AppProcess server) throws InterruptedException {
        return URI.create("http://127.0.0.1:" + server.awaitStderr(LISTENING, Duration.ofSeconds(5)));
    }

    private static HttpResponse<String> send(URI base, String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI base, String path, String key) throws Exception {
        return send(base, "GET", path, key, null);
    }

    private static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("code").asText();
    }

    private static void awaitStatus(URI base, String path, String key, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (get(base, path, key).statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(get(base, path, key).statusCode()).isEqualTo(status);
    }

    @Test
    void everyEndpointAndStatusWithTheFirstStartAdminKey() throws Exception {
        AppProcess server = serve();
        URI base = base(server);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        assertThat(admin).matches(KEY.pattern());
        assertThat(server.stderr()).contains("FIRST START").contains("ONCE");

        assertThat(get(base, "/health", null).body()).isEqualTo("{\"status\":\"ok\"}");
        HttpResponse<String> missing = get(base, "/secure-data", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(code(missing)).isEqualTo("missing_api_key");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"api\"");
        assertThat(code(get(base, "/secure-data", "ak_nonsense"))).isEqualTo("invalid_api_key");
        HttpResponse<String> secure = get(base, "/secure-data", admin);
        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.body()).isEqualTo("{\"data\":\"This is secured data\"}");
        JsonNode whoami = JSON.readTree(get(base, "/whoami", admin).body());
        assertThat(whoami.path("name").asText()).isEqualTo("admin");
        assertThat(whoami.path("scopes").toString()).isEqualTo("[\"keys:admin\"]");
        assertThat(whoami.toString()).doesNotContain(admin);
        assertThat(code(get(base, "/reports", admin))).isEqualTo("insufficient_scope");

        HttpResponse<String> created = send(
                base,
                "POST",
                "/admin/keys",
                admin,
                "{\"name\":\"reporting\",\"scopes\":[\"reports:read\"],\"expiresIn\":\"90d\",\"allowedNetworks\":[\"127.0.0.1/32\",\"::1\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode createdJson = JSON.readTree(created.body());
        String reporting = createdJson.path("key").asText();
        String reportingId = createdJson.path("id").asText();
        assertThat(get(base, "/reports", reporting).statusCode()).isEqualTo(200);
        assertThat(code(get(base, "/admin/keys", reporting))).isEqualTo("insufficient_scope");

        JsonNode list = JSON.readTree(get(base, "/admin/keys", admin).body());
        assertThat(list).hasSize(2);
        assertThat(list.toString())
                .doesNotContain(reporting)
                .doesNotContain(admin)
                .contains(reportingId);

        HttpResponse<String> rotated =
                send(base, "POST", "/admin/keys/" + reportingId + "/rotate", admin, "{\"grace\":\"0s\"}");
        assertThat(rotated.statusCode()).isEqualTo(201);
        String replacement = JSON.readTree(rotated.body()).path("key").asText();
        assertThat(get(base, "/reports", replacement).statusCode()).isEqualTo(200);
        assertThat(code(get(base, "/reports", reporting))).isEqualTo("expired_api_key");

        String replacementId = JSON.readTree(rotated.body()).path("id").asText();
        assertThat(send(base, "DELETE", "/admin/keys/" + replacementId, admin, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(code(get(base, "/reports", replacement))).isEqualTo("invalid_api_key");
        assertThat(send(base, "DELETE", "/admin/keys/key_unknown", admin, null).statusCode())
                .isEqualTo(404);
        assertThat(send(base, "POST", "/admin/keys/" + replacementId + "/rotate", admin, null)
                        .statusCode())
                .isEqualTo(409);
        assertThat(send(base, "POST", "/admin/keys", admin, "{\"name\":").statusCode())
                .isEqualTo(400);
        assertThat(send(base, "POST", "/admin/keys", admin, "{\"name\":\"x\",\"scopes\":[\"bad scope\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(base, "POST", "/admin/keys", admin, "{\"name\":\"x\",\"colour\":\"red\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(base, "POST", "/admin/keys", admin, "{\"name\":\"x\",\"expiresIn\":\"soon\"}")
                        .statusCode())
                .isEqualTo(400);

        server.close();
        AppProcess again = serve();
        assertThat(again.stdout())
                .as("the admin key is issued only on a first start")
                .isEmpty();
        assertThat(get(base(again), "/secure-data", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void theCliManagesKeysWhileTheServerRuns() throws Exception {
        AppProcess server = serve();
        URI base = base(server);

        AppProcess create = cli(
                "keys",
                "create",
                "--name",
                "ci-bot",
                "--scopes",
                "reports:read",
                "--expires-in",
                "90d",
                "--allow-ip",
                "127.0.0.1",
                "--allow-ip",
                "::1");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        String key = create.stdout().strip();
        assertThat(key).as("standard output holds only the key").matches(KEY.pattern());
        assertThat(create.stderr()).contains("created key_");
        assertThat(get(base, "/reports", key).statusCode()).isEqualTo(200);

        AppProcess table = cli("keys", "list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.stdout())
                .contains("ci-bot")
                .contains("reports:read")
                .contains("ID")
                .doesNotContain(key);
        AppProcess json = cli("keys", "list", "--json");
        JsonNode keys = JSON.readTree(json.stdout());
        JsonNode ciBot = null;
        for (JsonNode entry : keys) {
            if (entry.path("name").asText().equals("ci-bot")) {
                ciBot = entry;
            }
        }
        assertThat(ciBot).isNotNull();
        for (String field :
                List.of("id", "name", "hint", "scopes", "created", "expires", "revoked", "lastUsed", "useCount")) {
            assertThat(ciBot.has(field)).as(field).isTrue();
        }
        String id = ciBot.path("id").asText();

        AppProcess rotate = cli("keys", "rotate", id, "--grace", "1h");
        assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
        String replacement = rotate.stdout().strip();
        assertThat(replacement).matches(KEY.pattern()).isNotEqualTo(key);
        assertThat(get(base, "/reports", replacement).statusCode()).isEqualTo(200);
        assertThat(get(base, "/reports", key).statusCode())
                .as("the old key works during the grace")
                .isEqualTo(200);

        AppProcess revoke = cli("keys", "revoke", id);
        assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
        assertThat(revoke.stdout()).isEmpty();
        awaitStatus(base, "/reports", key, 401);
        assertThat(get(base, "/reports", replacement).statusCode()).isEqualTo(200);

        assertThat(cli("keys", "revoke", "key_doesnotexist").exitCode()).isEqualTo(1);
        String leaked = cli("keys", "create", "--name", "leaked").stdout().strip();
        AppProcess byKey = cli("keys", "revoke", leaked);
        assertThat(byKey.exitCode())
                .as("a leaked key can be revoked by pasting it")
                .isZero();
        assertThat(byKey.stderr()).contains("revoked key_").doesNotContain(leaked);
        AppProcess stranger = cli("keys", "revoke", "ak_" + "x".repeat(49));
        assertThat(stranger.exitCode()).isEqualTo(1);
        assertThat(stranger.stderr()).contains("(a value of 52 characters)");
        AppProcess extra = cli("keys", "create", "--name", "ci", leaked);
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.stderr()).contains("<redacted>").doesNotContain(leaked);
    }

    @Test
    void aKeyCreatedWithALimitShowsTheHeadersAndHits429() throws Exception {
        AppProcess server = serve();
        URI base = base(server);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        AppProcess create = cli("keys", "create", "--name", "metered", "--rate-limit", "2/1h", "--quota", "100/month");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        String key = create.stdout().strip();

        HttpResponse<String> first = get(base, "/secure-data", key);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(first.headers().firstValue("RateLimit-Reset")).isPresent();
        assertThat(get(base, "/secure-data", key).statusCode()).isEqualTo(200);
        HttpResponse<String> third = get(base, "/secure-data", key);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(code(third)).isEqualTo("rate_limited");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();

        JsonNode metered = null;
        for (JsonNode entry : JSON.readTree(cli("keys", "list", "--json").stdout())) {
            if (entry.path("name").asText().equals("metered")) {
                metered = entry;
            }
        }
        assertThat(metered).isNotNull();
        assertThat(metered.path("rateLimit").asText()).isEqualTo("2/1h");
        assertThat(metered.path("quota").asText()).isEqualTo("100/month");
        assertThat(metered.path("remaining").asLong()).isZero();
        assertThat(cli("keys", "list").stdout()).contains("2/1h,100/month");

        HttpResponse<String> viaApi = send(
                base,
                "POST",
                "/admin/keys",
                admin,
                "{\"name\":\"api-metered\",\"rateLimit\":\"1/1h\",\"quota\":\"10/day\"}");
        assertThat(viaApi.statusCode()).isEqualTo(201);
        String apiKey = JSON.readTree(viaApi.body()).path("key").asText();
        assertThat(get(base, "/secure-data", apiKey).statusCode()).isEqualTo(200);
        assertThat(get(base, "/secure-data", apiKey).statusCode()).isEqualTo(429);
        assertThat(cli("keys", "create", "--name", "x", "--rate-limit", "lots").exitCode())
                .isEqualTo(2);
    }

    @Test
    void theJavaClientExampleReadsTheKeyFromTheEnvironment() throws Exception {
        AppProcess server = serve();
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        String url = base(server).resolve("/secure-data").toString();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                AppProcess.JAR.toAbsolutePath().toString(),
                "dev.apikey.example.ClientExample",
                url);

        ProcessBuilder withKey = new ProcessBuilder(command).redirectErrorStream(true);
        withKey.environment().put("API_KEY", admin);
        Process ok = withKey.start();
        String okOutput = new String(ok.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ok.waitFor()).isZero();
        assertThat(okOutput.strip()).isEqualTo("200 {\"data\":\"This is secured data\"}");

        ProcessBuilder withoutKey = new ProcessBuilder(command).redirectErrorStream(true);
        withoutKey.environment().remove("API_KEY");
        Process refused = withoutKey.start();
        String refusedOutput =
                new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isEqualTo(2);
        assertThat(refusedOutput).contains("set API_KEY");
    }

    @Test
    void withATlsKeyStoreTheServerSpeaksHttpsOnly() throws Exception {
        Path keyStore = TestKeyStores.selfSigned(directory.resolve("tls.p12"), "localhost");
        Map<String, String> tlsEnv = new java.util.HashMap<>(env);
        tlsEnv.put("APIKEY_TLS_PASSWORD", TestKeyStores.PASSWORD);
        AppProcess server =
                AppProcess.start(directory, tlsEnv, "serve", "--port", "0", "--tls-keystore", keyStore.toString());
        processes.add(server);
        String port = server.awaitStderr(Pattern.compile("listening on https://localhost:(\\d+)"), AppProcess.STARTUP);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);

        HttpClient https = TestKeyStores.trustingClient();
        HttpResponse<String> response = https.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/secure-data"))
                        .header("X-API-Key", admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        HttpResponse<String> wrongHost = https.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongHost.statusCode()).isEqualTo(400);
        assertThat(wrongHost.body()).contains("host_not_in_certificate");
        assertThat(server.awaitStderr(Pattern.compile("WARN .*(does not cover; logged once)"), AppProcess.STARTUP))
                .isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> get(URI.create("http://127.0.0.1:" + port), "/secure-data", admin))
                .isInstanceOf(java.io.IOException.class);

        AppProcess noPassword =
                AppProcess.run(directory, env, "serve", "--port", "0", "--tls-keystore", keyStore.toString());
        processes.add(noPassword);
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.stderr()).contains("APIKEY_TLS_PASSWORD");
    }

    @Test
    void sigtermStopsGracefullyWithExitCodeZeroAndFlushesUsage() throws Exception {
        AppProcess server = serve();
        URI base = base(server);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        for (int i = 0; i < 3; i++) {
            assertThat(get(base, "/secure-data", admin).statusCode()).isEqualTo(200);
        }

        server.terminate();

        assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(server.stderr()).contains("key usage flushed");
        JsonNode keys = JSON.readTree(cli("keys", "list", "--json").stdout());
        assertThat(keys.get(0).path("useCount").asLong()).isEqualTo(3);
        assertThat(keys.get(0).path("lastUsed").isNull()).isFalse();
    }

    @Test
    void theAsynchronousAccessLogLosesNoLineOnSigterm() throws Exception {
        AppProcess server = serve();
        URI base = base(server);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);
        int requests = 300;
        for (int i = 0; i < requests; i++) {
            assertThat(get(base, "/secure-data", admin).statusCode()).isEqualTo(200);
        }

        server.terminate();

        assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
        long accessLines = server.stderr()
                .lines()
                .filter(line -> line.contains("apikey accepted") && line.contains("path=/secure-data"))
                .count();
        assertThat(accessLines)
                .as("one access line per request, all written before the exit")
                .isEqualTo(requests);
    }

    @Test
    void wrongArgumentsGiveAOneLineErrorUsageAndExitCode2() throws Exception {
        AppProcess missingName = cli("keys", "create");
        assertThat(missingName.exitCode()).isEqualTo(2);
        assertThat(missingName.stderr())
                .startsWith("error: Missing required option: '--name=NAME'")
                .contains("Usage:");
        assertThat(missingName.stdout()).isEmpty();

        AppProcess badDuration = cli("keys", "create", "--name", "x", "--expires-in", "9x");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.stderr()).contains("duration '9x' is invalid");

        AppProcess badCidr = cli("keys", "create", "--name", "x", "--allow-ip", "10.0.0.1/8");
        assertThat(badCidr.exitCode()).isEqualTo(2);
        assertThat(badCidr.stderr()).contains("did you mean 10.0.0.0/8?");

        assertThat(cli("serve", "--port", "abc").exitCode()).isEqualTo(2);
        assertThat(cli("keys", "list", "--db", "notjdbc").exitCode()).isEqualTo(2);
        assertThat(cli("serve", "--port", "70000").exitCode()).isEqualTo(2);
        assertThat(cli("frobnicate").exitCode()).isEqualTo(2);
        assertThat(cli().exitCode()).isEqualTo(2);
        assertThat(cli("keys").exitCode()).isEqualTo(2);

        AppProcess help = cli("keys", "create", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--name").contains("--expires-in").contains("--allow-ip");
        for (String[] command : List.of(
                new String[] {"--help"},
                new String[] {"serve", "--help"},
                new String[] {"keys", "--help"},
                new String[] {"keys", "list", "--help"},
                new String[] {"keys", "revoke", "--help"},
                new String[] {"keys", "rotate", "--help"})) {
            AppProcess commandHelp = cli(command);
            assertThat(commandHelp.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(commandHelp.stdout()).contains("Usage:");
        }
        AppProcess unreachable = AppProcess.run(
                directory,
                Map.of("APIKEY_DB_URL", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1"),
                "keys",
                "list");
        processes.add(unreachable);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.stderr())
                .startsWith("error: cannot connect to the key database")
                .doesNotContain("\tat ");
    }

    /** Sends {@code request} as raw bytes (targets an HTTP client would refuse to send) and returns the whole answer. */
    private static String raw(URI base, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Found by fuzzing: Jetty's default error page echoes the URI, query string (and so a key sent there) included. */
    @Test
    void theContainersOwnErrorsAreTerseJsonThatNeverEchoesTheRequest() throws Exception {
        AppProcess server = serve();
        URI base = base(server);
        String admin = server.awaitStdoutLine(AppProcess.STARTUP);

        String rejectedByJetty =
                raw(base, "GET /o#pen?api_key=" + admin + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(rejectedByJetty)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .contains("\"code\":\"bad_request\"")
                .doesNotContain(admin)
                .doesNotContain("<html");

        String unknownPath = raw(
                base,
                "GET /nowhere?api_key=" + admin + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + admin
                        + "\r\nConnection: close\r\n\r\n");
        assertThat(unknownPath)
                .startsWith("HTTP/1.1 404")
                .contains("\"code\":\"not_found\"")
                .doesNotContain(admin)
                .doesNotContain("nowhere");
    }
}
