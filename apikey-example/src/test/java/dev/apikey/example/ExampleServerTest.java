package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The example's server in this JVM (in-memory keys): what needs no packaged jar nor SQLite file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ExampleServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys apiKeys = ApiKeys.builder().build();
    private String admin;
    private Server server;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        admin = apiKeys.issue(KeySpec.builder("admin").scopes("keys:admin").build())
                .secret();
        server = ExampleServer.createServer("127.0.0.1", 0, apiKeys, null);
        server.start();
        base = URI.create("http://127.0.0.1:" + ExampleServer.portOf(server));
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
        apiKeys.close();
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Issue 12, item 4: {@code TRACE /health} echoed the request's headers, keys included. No application needs
     * TRACE: every path answers 405 with a problem body and {@code Allow}, before any key is looked at.
     */
    @Test
    void traceIsRefusedWith405OnEveryPath() throws Exception {
        String other = KeyGenerator.secure().generate();
        for (String path : List.of(
                "/health",
                "/secure-data",
                "/whoami",
                "/reports",
                "/admin/keys",
                "/admin/keys/key_x/rotate",
                "/nowhere",
                "/",
                "/health?api_key=" + other)) {
            for (String[] headers : List.of(new String[0], new String[] {"X-API-Key", admin}, new String[] {
                "X-API-Key", admin, "Authorization", "Bearer " + other
            })) {
                HttpResponse<String> response = send("TRACE", path, headers);

                assertThat(response.statusCode()).as("TRACE %s", path).isEqualTo(405);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("status").asInt()).isEqualTo(405);
                assertThat(body.path("code").asText()).isEqualTo("method_not_allowed");
                assertThat(response.headers().firstValue("Allow"))
                        .as("Allow of %s", path)
                        .isPresent()
                        .hasValueSatisfying(
                                allow -> assertThat(allow).contains("OPTIONS").doesNotContain("TRACE"));
                assertThat(response.body())
                        .doesNotContain(admin)
                        .doesNotContain(other)
                        .doesNotContain("X-API-Key");
            }
        }
        assertThat(send("TRACE", "/health").headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS");
        assertThat(send("TRACE", "/admin/keys").headers().firstValue("Allow"))
                .contains("GET, HEAD, POST, DELETE, OPTIONS");
        assertThat(send("TRACE", "/nowhere").headers().firstValue("Allow"))
                .as("Jetty's 404 servlet")
                .contains("GET, HEAD, OPTIONS");
    }

    @Test
    void optionsNoLongerOffersTrace() throws Exception {
        HttpResponse<String> health = send("OPTIONS", "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS");
        HttpResponse<String> admin = send("OPTIONS", "/admin/keys", "X-API-Key", this.admin);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Allow").orElseThrow())
                .doesNotContain("TRACE")
                .contains("DELETE");
    }

    @Test
    void otherMethodsAreUnchanged() throws Exception {
        assertThat(send("GET", "/health").body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(send("GET", "/secure-data").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/secure-data", "X-API-Key", admin).statusCode()).isEqualTo(200);
    }

    /**
     * Issue 13, item 12: {@code PUT /admin/keys} answered 405 with an empty body ({@code HttpServlet}'s default), an
     * unknown method 501. Every error is a problem saying what to do, with {@code Allow}; the key is checked first.
     */
    @Test
    void aMethodThePathDoesNotHandleIsA405ProblemWithAllow() throws Exception {
        for (String[] request : List.of(
                new String[] {"PUT", "/admin/keys"},
                new String[] {"PATCH", "/admin/keys"},
                new String[] {"PATCH", "/health"},
                new String[] {"DELETE", "/secure-data"},
                new String[] {"FROB", "/health"},
                new String[] {"POST", "/whoami"})) {
            HttpResponse<String> response = send(request[0], request[1], "X-API-Key", admin);

            assertThat(response.statusCode())
                    .as("%s %s", request[0], request[1])
                    .isEqualTo(405);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("code").asText()).isEqualTo("method_not_allowed");
            String allow = response.headers().firstValue("Allow").orElseThrow();
            assertThat(body.path("detail").asText())
                    .isEqualTo(request[0] + " is not supported here: use " + allow + " (see the Allow header).");
        }
        assertThat(send("PUT", "/admin/keys", "X-API-Key", admin).headers().firstValue("Allow"))
                .contains("GET, HEAD, POST, DELETE, OPTIONS");
        assertThat(send("PUT", "/admin/keys").statusCode())
                .as("no key: refused before the method is looked at")
                .isEqualTo(401);
        assertThat(send("POST", "/admin/keys", "X-API-Key", admin).statusCode())
                .as("handled methods pass")
                .isNotEqualTo(405);
    }

    /** Issue 13, item 12: the container's own errors are problems too, and never echo the request. */
    @Test
    void anUnknownPathIsA404Problem() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")) {
            HttpResponse<String> response = send(method, "/nowhere?api_key=" + admin);

            assertThat(response.statusCode()).as(method).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            if (!method.equals("HEAD")) {
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("code").asText()).isEqualTo("not_found");
                assertThat(body.path("detail").asText()).contains("/secure-data");
                assertThat(response.body()).doesNotContain("nowhere").doesNotContain(admin);
            }
        }
    }
}
