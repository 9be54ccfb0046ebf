package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.RequireApiKey;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** springdoc's OpenAPI document lists the apiKey scheme, on exactly the operations that need a key. */
final class OpenApiTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Endpoints.class)
    static class App {}

    @RestController
    static class Endpoints {
        @GetMapping("/secure")
        @RequireApiKey
        String secure() {
            return "secure";
        }

        @GetMapping("/reports")
        @RequireApiKey(scopes = "reports:read")
        String reports() {
            return "reports";
        }

        @GetMapping("/open")
        String open() {
            return "open";
        }

        @GetMapping("/health")
        @PermitAll
        String health() {
            return "ok";
        }

        @GetMapping("/denied")
        @DenyAll
        String denied() {
            return "denied";
        }

        @GetMapping("/rules/{id}")
        String ruled() {
            return "ruled";
        }
    }

    @Test
    void theSchemeIsOnTheOperationsThatNeedAKeyOnly() throws Exception {
        try (ConfigurableApplicationContext context = TestApplications.start(
                App.class,
                "apikey.header-name=X-Service-Key",
                "apikey.path-rules[0].pattern=/rules/*",
                "apikey.path-rules[0].scopes=rules")) {
            HttpResponse<String> response = TestApplications.get(context, "/v3/api-docs");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode document = JsonMapper.builder().build().readTree(response.body());

            JsonNode scheme =
                    document.path("components").path("securitySchemes").path("apiKey");
            assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
            assertThat(scheme.path("in").asText()).isEqualTo("header");
            assertThat(scheme.path("name").asText()).isEqualTo("X-Service-Key");

            assertThat(security(document, "/secure")).isEqualTo("[{\"apiKey\":[]}]");
            assertThat(security(document, "/reports")).isEqualTo("[{\"apiKey\":[]}]");
            assertThat(document.path("paths")
                            .path("/reports")
                            .path("get")
                            .path("x-apikey-scopes")
                            .toString())
                    .contains("reports:read");
            assertThat(security(document, "/rules/{id}")).as("a path rule").isEqualTo("[{\"apiKey\":[]}]");
            assertThat(security(document, "/open")).as("open by default").isEmpty();
            assertThat(security(document, "/health")).isEmpty();
            assertThat(security(document, "/denied")).isEmpty();
            assertThat(response.body()).doesNotContain("x-apikey-by-path");
        }
    }

    /** The operation's security requirements as JSON, or empty. */
    private static String security(JsonNode document, String path) {
        JsonNode get = document.path("paths").path(path).path("get");
        assertThat(get.isMissingNode()).as(path + " documented").isFalse();
        JsonNode security = get.path("security");
        return security.isMissingNode() ? "" : security.toString();
    }
}
