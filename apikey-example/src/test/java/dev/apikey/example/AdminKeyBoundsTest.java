package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12, item 7: a {@code keys:admin} key limited to one address and ten minutes created an unrestricted,
 * non-expiring admin key. A key created or rotated through the admin API never holds more than its creator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class AdminKeyBoundsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys apiKeys = ApiKeys.builder().build();
    private IssuedKey restricted;
    private String unrestricted;
    private Server server;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        restricted = apiKeys.issue(KeySpec.builder("limited admin")
                .scopes("keys:admin", "reports:read")
                .allowedNetworks("127.0.0.1/32")
                .expiresIn(Duration.ofMinutes(10))
                .build());
        unrestricted = apiKeys.issue(KeySpec.builder("root admin")
                        .scopes("keys:admin", "billing:write")
                        .build())
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

    private HttpResponse<String> post(String key, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("X-API-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertExceedsCreator(HttpResponse<String> response, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("exceeds_creator");
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    @Test
    void aKeyCreatedByARestrictedAdminInheritsItsNetworksAndExpiry() throws Exception {
        HttpResponse<String> created =
                post(restricted.secret(), "/admin/keys", "{\"name\":\"child\",\"scopes\":[\"keys:admin\"]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ApiKey child =
                apiKeys.find(JSON.readTree(created.body()).path("id").asText()).orElseThrow();
        assertThat(child.allowedNetworks()).isEqualTo(restricted.apiKey().allowedNetworks());
        assertThat(child.expiresAt()).isEqualTo(restricted.apiKey().expiresAt());
        assertThat(child.scopes()).containsExactly("keys:admin");
    }

    @Test
    void aRestrictedAdminMayNarrowButNeverWiden() throws Exception {
        HttpResponse<String> narrower = post(
                restricted.secret(),
                "/admin/keys",
                "{\"name\":\"narrow\",\"scopes\":[\"reports:read\"],\"expiresIn\":\"5m\",\"allowedNetworks\":[\"127.0.0.1\"]}");
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(201);
        ApiKey child =
                apiKeys.find(JSON.readTree(narrower.body()).path("id").asText()).orElseThrow();
        assertThat(child.expiresAt().orElseThrow())
                .isBefore(restricted.apiKey().expiresAt().orElseThrow());

        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys", "{\"name\":\"x\",\"allowedNetworks\":[\"0.0.0.0/0\"]}"),
                "0.0.0.0/0 is not inside the networks");
        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys", "{\"name\":\"x\",\"allowedNetworks\":[\"127.0.0.0/8\"]}"),
                "127.0.0.0/8 is not inside");
        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys", "{\"name\":\"x\",\"expiresIn\":\"1d\"}"),
                "after the admin key");
        assertThat(apiKeys.list()).extracting(ApiKey::name).doesNotContain("x");
    }

    @Test
    void aRestrictedAdminCannotRotateAKeyIntoMoreThanItHolds() throws Exception {
        String rootId = apiKeys.list().stream()
                .filter(key -> key.name().equals("root admin"))
                .findFirst()
                .orElseThrow()
                .id();
        int before = apiKeys.list().size();

        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys/" + rootId + "/rotate", ""),
                "may be used from networks the admin key");
        IssuedKey reader =
                apiKeys.issue(KeySpec.builder("reader").scopes("reports:read").build());
        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys/" + reader.id() + "/rotate", ""),
                "may be used from networks the admin key");
        IssuedKey bounded = apiKeys.issue(KeySpec.builder("bounded")
                .scopes("reports:read")
                .allowedNetworks("127.0.0.1/32")
                .expiresIn(Duration.ofMinutes(5))
                .build());
        assertExceedsCreator(
                post(restricted.secret(), "/admin/keys/" + bounded.id() + "/rotate", ""), "revoke the key and create");

        assertThat(apiKeys.list()).hasSize(before + 2);
        assertThat(post(unrestricted, "/admin/keys/" + reader.id() + "/rotate", "")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void scopesAreGrantedNotInheritedButTheGrantedKeyStaysWithinTheCreatorsReach() throws Exception {
        HttpResponse<String> created =
                post(restricted.secret(), "/admin/keys", "{\"name\":\"biller\",\"scopes\":[\"billing:write\"]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ApiKey biller =
                apiKeys.find(JSON.readTree(created.body()).path("id").asText()).orElseThrow();
        assertThat(biller.scopes()).containsExactly("billing:write");
        assertThat(biller.allowedNetworks()).isEqualTo(restricted.apiKey().allowedNetworks());
        assertThat(biller.expiresAt()).isEqualTo(restricted.apiKey().expiresAt());
    }

    @Test
    void anUnrestrictedAdminStillCreatesWhatItAsksFor() throws Exception {
        HttpResponse<String> created = post(
                unrestricted,
                "/admin/keys",
                "{\"name\":\"partner\",\"scopes\":[\"billing:write\"],\"allowedNetworks\":[\"10.0.0.0/8\"]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ApiKey partner =
                apiKeys.find(JSON.readTree(created.body()).path("id").asText()).orElseThrow();
        assertThat(partner.expiresAt()).isEmpty();
        assertThat(partner.createdAt()).isBefore(Instant.now().plusSeconds(1));
    }
}
