package dev.apikey.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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

    // ---- what an independent review found ----

    @Test
    void matrixParametersDoNotMoveARequestOutOfItsPathRule() throws Exception {
        String admin =
                apiKeys.issue(KeySpec.builder("admin").scopes("admin").build()).secret();
        ApiKeyFeature prefixRule = ApiKeyFeature.builder()
                .apiKeys(apiKeys)
                .requireKey("/admin/*", "admin")
                .build();
        try (TestServer server = start(ReviewResources.classes(), prefixRule, false)) {
            for (String path : List.of("/admin/secret", "/admin;x=1/secret", "/admin/secret;x=1")) {
                assertThat(send(server, "GET", path).statusCode()).as(path).isEqualTo(401);
                assertThat(send(server, "GET", path, "X-API-Key", admin).body())
                        .as(path)
                        .isEqualTo("admin secret");
            }
        }
        ApiKeyFeature openMdc = ApiKeyFeature.builder()
                .apiKeys(apiKeys)
                .requireByDefault(true)
                .permit("/mdc")
                .build();
        try (TestServer server = start(ReviewResources.classes(), openMdc, false)) {
            assertThat(send(server, "GET", "/mdc;a=b").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void annotationsOnAGenericSupertypesMethodApply() throws Exception {
        String admin =
                apiKeys.issue(KeySpec.builder("admin").scopes("admin").build()).secret();
        try (TestServer server = start(ReviewResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            for (String path : List.of("/items", "/things")) {
                assertThat(put(server, path).statusCode()).as(path).isEqualTo(401);
                assertThat(put(server, path, "X-API-Key", plain).statusCode())
                        .as(path)
                        .isEqualTo(403);
                assertThat(put(server, path, "X-API-Key", admin).body())
                        .as(path)
                        .isEqualTo("put x");
            }
        }
    }

    @Test
    void aRootResourcesClassAnnotationCoversWhatItsLocatorsReturn() throws Exception {
        String admin =
                apiKeys.issue(KeySpec.builder("admin").scopes("admin").build()).secret();
        try (TestServer server = start(ReviewResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            assertThat(send(server, "GET", "/vault/1").statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/vault/1", "X-API-Key", plain).statusCode())
                    .isEqualTo(403);
            assertThat(send(server, "GET", "/vault/1", "X-API-Key", admin).body())
                    .isEqualTo("vault entry 1");
        }
    }

    @Test
    void anAsynchronousResourceLeavesNoKeyIdInTheMdcOfLaterRequests() throws Exception {
        try (TestServer server = start(ReviewResources.classes(), ApiKeyFeature.of(apiKeys), false)) {
            for (int i = 0; i < 20; i++) {
                assertThat(send(server, "GET", "/async", "X-API-Key", plain).body())
                        .isEqualTo("async");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(send(server, "GET", "/mdc").body()).isEqualTo("mdc=null");
            }
        }
    }

    @Test
    void aQueryParameterKeyLeavesTheRestOfTheQueryAsSent() throws Exception {
        ApiKeyFeature feature = ApiKeyFeature.builder()
                .apiKeys(apiKeys)
                .queryParameter("api_key")
                .build();
        try (TestServer server = start(ReviewResources.classes(), feature, false)) {
            assertThat(send(server, "GET", "/query?cursor=YWJj==&a=%7Bx%7D&api_key=" + plain + "&b=%2B%26")
                            .body())
                    .isEqualTo("query=cursor=YWJj==&a=%7Bx%7D&b=%2B%26");
        }
    }

    @Test
    void anExceptionMapperOfARequestThatMatchedNothingSeesNoKey() throws Exception {
        Set<Class<?>> classes = new java.util.HashSet<>(ReviewResources.classes());
        classes.add(ReviewResources.NotFoundEcho.class);
        try (TestServer server = start(classes, ApiKeyFeature.of(apiKeys), false)) {
            HttpResponse<String> notFound = send(server, "GET", "/nothing-here", "X-API-Key", plain);
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("not found; x-api-key=null");
        }
    }

    private static HttpResponse<String> put(TestServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("x"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
