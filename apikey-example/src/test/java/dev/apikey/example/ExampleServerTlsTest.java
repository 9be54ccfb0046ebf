package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.ApiKeys;
import dev.apikey.testing.CapturedLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 12: an HTTPS request for a host name the certificate does not cover ({@code https://127.0.0.1} with
 * a {@code localhost} certificate) got Jetty's bare 400, no body, no log line.
 */
final class ExampleServerTlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHostTheCertificateDoesNotCoverIsA400ProblemWithTheFixAndOneWarning() throws Exception {
        Path keyStore = TestKeyStores.selfSigned(directory.resolve("tls.p12"), "localhost");
        HttpClient client = TestKeyStores.trustingClient();
        try (ApiKeys apiKeys = ApiKeys.builder().build();
                CapturedLogs logs = CapturedLogs.capture()) {
            Server server = ExampleServer.createServer(
                    "127.0.0.1", 0, apiKeys, new ExampleServer.Tls(keyStore, TestKeyStores.PASSWORD));
            server.start();
            try {
                int port = ExampleServer.portOf(server);
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> refused = get(client, "https://127.0.0.1:" + port + "/health");

                    assertThat(refused.statusCode()).isEqualTo(400);
                    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                    JsonNode body = JSON.readTree(refused.body());
                    assertThat(body.path("code").asText()).isEqualTo("host_not_in_certificate");
                    assertThat(body.path("detail").asText())
                            .contains("certificate is for localhost")
                            .contains("https://localhost:" + port + "/health")
                            .contains("--tls-sni-host-check=false");
                }
                assertThat(logs.messages(HostCheckingCustomizer.class.getName()))
                        .as("logged once")
                        .singleElement()
                        .asString()
                        .contains("sent to the host name 127.0.0.1")
                        .contains("(for localhost)")
                        .contains("https://localhost:" + port + "/health")
                        .contains("APIKEY_TLS_SNI_HOST_CHECK=false");

                assertThat(get(client, "https://localhost:" + port + "/health").statusCode())
                        .isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void theCheckCanBeTurnedOff() throws Exception {
        Path keyStore = TestKeyStores.selfSigned(directory.resolve("tls.p12"), "localhost");
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {
            Server server = ExampleServer.createServer(
                    "127.0.0.1", 0, apiKeys, new ExampleServer.Tls(keyStore, TestKeyStores.PASSWORD, false));
            server.start();
            try {
                HttpResponse<String> response = get(
                        TestKeyStores.trustingClient(),
                        "https://127.0.0.1:" + ExampleServer.portOf(server) + "/health");
                assertThat(response.statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }
}
