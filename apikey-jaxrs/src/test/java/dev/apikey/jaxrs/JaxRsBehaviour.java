package dev.apikey.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link ApiKeyFeature} beyond the conformance kit, on a Jakarta REST runtime. */
abstract class JaxRsBehaviour {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final ApiKeys apiKeys =
            ApiKeys.builder().usageFlushInterval(java.time.Duration.ZERO).build();
    private final String orders = apiKeys.issue(
                    KeySpec.builder("orders").scopes("orders:read").build())
            .secret();
    private final String reports = apiKeys.issue(
                    KeySpec.builder("reports").scopes("reports:read").build())
            .secret();
    private final String plain = apiKeys.issue(KeySpec.builder("plain").build()).secret();

    /**
     * Serves {@code resources} with {@code feature}; with {@code runtimeRoles} the runtime's own {@code @RolesAllowed}
     * support is on as well.
     */
    abstract TestServer start(Set<Class<?>> resources, ApiKeyFeature feature, boolean runtimeRoles) throws Exception;

    private static HttpResponse<String> send(TestServer server, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void subResourcesFollowTheirOwnAnnotations() throws Exception {
        try (TestServer server = start(BehaviourResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            assertThat(send(server, "GET", "/orders/7").statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/orders/7", "X-API-Key", plain).statusCode())
                    .isEqualTo(403);
            assertThat(send(server, "GET", "/orders/7", "X-API-Key", orders).body())
                    .isEqualTo("order 7");
            assertThat(send(server, "GET", "/orders/7/status").body()).isEqualTo("status of 7");
            HttpResponse<String> deleted = send(server, "DELETE", "/orders/7", "X-API-Key", orders);
            assertThat(deleted.statusCode()).isEqualTo(403);
            assertThat(deleted.body()).contains("\"code\":\"forbidden\"").doesNotContain("deleted");
            assertThat(send(server, "GET", "/orders/7/unannotated").body())
                    .as("the default: open")
                    .isEqualTo("unannotated 7");
            assertThat(send(server, "GET", "/orders/7/notes").statusCode())
                    .as("the sub-resource's class")
                    .isEqualTo(401);
            assertThat(send(server, "GET", "/orders/7/notes", "X-API-Key", orders)
                            .body())
                    .isEqualTo("notes of 7");
        }
    }

    @Test
    void anUnannotatedSubResourceMethodFollowsRequireByDefault() throws Exception {
        ApiKeyFeature feature =
                ApiKeyFeature.builder().apiKeys(apiKeys).requireByDefault(true).build();
        try (TestServer server = start(BehaviourResources.classes(), feature, false)) {
            assertThat(send(server, "GET", "/orders/7/unannotated").statusCode())
                    .isEqualTo(401);
            assertThat(send(server, "GET", "/orders/7/unannotated", "X-API-Key", plain)
                            .body())
                    .isEqualTo("unannotated 7");
            assertThat(send(server, "GET", "/orders/7/status").body()).isEqualTo("status of 7");
        }
    }

    @Test
    void annotationsOnAnInterfaceMethodBeatTheImplementationsClass() throws Exception {
        try (TestServer server = start(BehaviourResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            assertThat(send(server, "GET", "/reports/daily").statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/reports/daily", "X-API-Key", plain).statusCode())
                    .isEqualTo(403);
            assertThat(send(server, "GET", "/reports/daily", "X-API-Key", reports)
                            .body())
                    .isEqualTo("daily");
            assertThat(send(server, "GET", "/reports/weekly").body())
                    .as("@PermitAll on the class")
                    .isEqualTo("weekly");
        }
    }

    @Test
    void theResourceSeesTheKeysSecurityContextAndItsIdInTheMdc() throws Exception {
        var issued = apiKeys.issue(KeySpec.builder("who").scopes("reports:read").build());
        try (TestServer server = start(BehaviourResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            assertThat(send(server, "GET", "/whoami", "X-API-Key", issued.secret())
                            .body())
                    .isEqualTo("principal=ApiKeyPrincipal name=" + issued.id()
                            + " scheme=API_KEY secure=false reports:read=true admin=false mdc=" + issued.id());
        }
        ApiKeyFeature behindProxy = ApiKeyFeature.builder()
                .apiKeys(apiKeys)
                .trustedProxies("127.0.0.0/8")
                .build();
        try (TestServer server = start(BehaviourResources.classes(), behindProxy, false)) {
            assertThat(send(server, "GET", "/whoami", "X-API-Key", issued.secret(), "X-Forwarded-Proto", "https")
                            .body())
                    .as("HTTPS as the HTTP layer reads it: through a trusted proxy")
                    .contains("secure=true");
        }
    }

    @Test
    void rolesAreScopesCheckedAndChargedOnceWithTheRuntimesOwnRoleCheckOnOrOff() throws Exception {
        for (boolean runtimeRoles : new boolean[] {false, true}) {
            String admin = apiKeys.issue(KeySpec.builder("admin")
                            .scopes("admin")
                            .rateLimit(RateLimit.parse("3/1h"))
                            .build())
                    .secret();
            try (TestServer server = start(BehaviourResources.classes(), ApiKeyFeature.of(apiKeys), runtimeRoles)) {
                for (int remaining = 2; remaining >= 0; remaining--) {
                    HttpResponse<String> served = send(server, "GET", "/roles", "X-API-Key", admin);
                    assertThat(served.body())
                            .as("runtime roles " + runtimeRoles)
                            .isEqualTo("roles");
                    assertThat(served.headers().firstValue("RateLimit-Remaining"))
                            .as("charged once per request, runtime roles " + runtimeRoles)
                            .contains(Integer.toString(remaining));
                }
                HttpResponse<String> limited = send(server, "GET", "/roles", "X-API-Key", admin);
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("Retry-After")).isPresent();
                HttpResponse<String> lacking = send(server, "GET", "/roles", "X-API-Key", plain);
                assertThat(lacking.statusCode()).isEqualTo(403);
                assertThat(lacking.body()).contains("\"code\":\"insufficient_scope\"");
                assertThat(send(server, "GET", "/roles").statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void aResourceMethodWithContradictoryAnnotationsStopsStartUpOrIsNeverServed() throws Exception {
        TestServer server;
        try {
            server = start(Set.of(BehaviourResources.Contradiction.class), ApiKeyFeature.of(apiKeys), false);
        } catch (Exception | LinkageError startUpFailed) {
            assertThat(causes(startUpFailed))
                    .anySatisfy(cause ->
                            assertThat(cause).hasMessageContaining("carries both @RequireApiKey and @RolesAllowed"));
            return;
        }
        try (server) {
            String admin = apiKeys.issue(KeySpec.builder("both")
                            .scopes("reports:read", "admin")
                            .build())
                    .secret();
            HttpResponse<String> response = send(server, "GET", "/contradiction", "X-API-Key", admin);
            assertThat(response.statusCode()).isNotEqualTo(200);
            assertThat(response.body()).doesNotContain("served");
        }
    }

    private static java.util.List<Throwable> causes(Throwable failure) {
        java.util.List<Throwable> causes = new java.util.ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
