package dev.apikey.servlet;

import static dev.apikey.servlet.Http.echoed;
import static dev.apikey.servlet.Http.jsonField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.testing.CapturedLogs;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour of {@link ApiKeyFilter} over real HTTP, written once and run on every container (see the
 * subclasses): status/code table, precedence, key extraction, principal, MDC, proxies, dispatches, bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiKeyFilterContract {

    static final String KEY = "X-API-Key";

    final TestKeys keys = new TestKeys();
    final TestServlets.MdcAtRequestEnd mdcAtEnd = new TestServlets.MdcAtRequestEnd();
    private TestContainer main;
    Http http;

    /** A fresh, not yet started container of the kind under test. */
    abstract TestContainer newContainer();

    /** The servlets every deployment of this suite carries. */
    static Deployment standardServlets() {
        return new Deployment()
                .servlet("secure", "/secure", new TestServlets.Secure())
                .servletClass("secure-by-class", "/secure-by-class", TestServlets.Secure.class)
                .servletClassName("secure-by-name", "/secure-by-name", TestServlets.Secure.class.getName())
                .servlet("inheriting", "/inheriting", new TestServlets.Inheriting())
                .servlet("reports", "/reports", new TestServlets.Reports())
                .servlet("any-scope", "/any-scope", new TestServlets.AnyScope())
                .servlet("roles", "/roles", new TestServlets.Roles())
                .servlet("mixed", "/mixed", new TestServlets.Mixed())
                .servlet("denied-class", "/denied-class", new TestServlets.DeniedClass())
                .servlet("permit-and-deny", "/permit-and-deny", new TestServlets.PermitAndDeny())
                .servlet("open-class-secure-get", "/open-class-secure-get", new TestServlets.OpenClassSecureGet())
                .servlet("open", "/open/*", new TestServlets.Open())
                .servlet("rules", "/rules/*", new TestServlets.Open())
                .servlet("annotated-under-rules", "/rules/open/annotated", new TestServlets.Secure())
                .servlet("async", "/async", new TestServlets.Async())
                .servlet("forwarding", "/forwarding", new TestServlets.Forwarding())
                .servlet("failing", "/failing", new TestServlets.Failing())
                .servlet("throwing", "/throwing", new TestServlets.Throwing())
                .servlet("error-page", "/error-page", new TestServlets.ErrorPage())
                .servlet("service-annotated", "/service-annotated", new TestServlets.ServiceAnnotated())
                .servlet("generic", "/generic", new TestServlets.GenericProtected())
                .servlet("admin-base", "/admin-base", new TestServlets.AdminBase())
                .servlet("admin-subclass", "/admin-subclass", new TestServlets.AdminSubclass())
                .servlet("interface-protected", "/interface-protected", new TestServlets.InterfaceProtected())
                .servlet("options-protected", "/options-protected", new TestServlets.OptionsProtected())
                .servlet("forward-to-admin", "/forward-to-admin", new TestServlets.ForwardToAdmin())
                .servlet("nobody", "/nobody", new TestServlets.NobodyAllowed())
                .servlet("expensive", "/expensive", new TestServlets.Expensive())
                .errorPage(409, "/error-page");
    }

    @BeforeAll
    void startMainDeployment() throws Exception {
        main = newContainer();
        ApiKeyFilter filter = ApiKeyFilter.builder()
                .apiKeys(keys.apiKeys)
                .requireKey("/rules/admin/*", "admin")
                .permit("/rules/open/*")
                .deny("/rules/denied/*")
                .requireKey("/rules/*")
                .requireKey("*.secret")
                .deny("/open/denied")
                .build();
        URI base = main.start(standardServlets().filter(filter).listener(mdcAtEnd));
        http = new Http(base);
    }

    @AfterAll
    void stop() throws Exception {
        main.close();
        keys.close();
    }

    /** Starts another deployment with a filter configured by {@code filter}, runs {@code test}, stops it. */
    void withFilter(Consumer<ApiKeyFilter.Builder> filter, ThrowingConsumer<Http> test) throws Exception {
        ApiKeyFilter.Builder builder = ApiKeyFilter.builder().apiKeys(keys.apiKeys);
        filter.accept(builder);
        try (TestContainer container = newContainer()) {
            test.accept(new Http(container.start(standardServlets().filter(builder.build()))));
        }
    }

    @FunctionalInterface
    interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(jsonField(response.body(), "code")).isEqualTo(code);
        assertThat(jsonField(response.body(), "status")).isEqualTo(Integer.toString(status));
        assertThat(jsonField(response.body(), "type")).isEqualTo("about:blank");
        assertThat(jsonField(response.body(), "title")).isNotBlank();
        assertThat(jsonField(response.body(), "detail")).isNotBlank();
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"api\"");
        } else {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    // ---- the status/code table ----

    @Test
    void validKeyReachesTheServlet() throws Exception {
        HttpResponse<String> response = http.get("/secure", KEY, keys.valid);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(echoed(response.body(), "servlet")).isEqualTo("secure");
        assertThat(echoed(response.body(), "principal")).isEqualTo(keys.validId);
    }

    @Test
    void missingKeyIs401MissingApiKeyWithAProblemBody() throws Exception {
        HttpResponse<String> response = http.get("/secure");

        assertProblem(response, 401, "missing_api_key");
        assertThat(response.body())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"API key required\",\"status\":401,"
                        + "\"detail\":\"This endpoint requires an API key: send it in the X-API-Key header.\","
                        + "\"code\":\"missing_api_key\"}");
    }

    @Test
    void malformedUnknownAndRevokedKeysAreOneIndistinguishable401() throws Exception {
        String unknown = TestKeys.unknown();
        String malformed = keys.valid.substring(0, keys.valid.length() - 1) + (keys.valid.endsWith("A") ? "B" : "A");
        HttpResponse<String> first = http.get("/secure", KEY, malformed);
        for (String presented : new String[] {malformed, unknown, keys.revoked, "nonsense", "sk_live_other_vendor"}) {
            HttpResponse<String> response = http.get("/secure", KEY, presented);
            assertProblem(response, 401, "invalid_api_key");
            assertThat(response.body()).isEqualTo(first.body()).doesNotContain(presented);
        }
    }

    @Test
    void expiredKeyIs401ExpiredAndNotYetValidIs401Inactive() throws Exception {
        assertProblem(http.get("/secure", KEY, keys.expired), 401, "expired_api_key");
        assertProblem(http.get("/secure", KEY, keys.notYetValid), 401, "inactive_api_key");
    }

    @Test
    void twoDifferentKeysAre400Ambiguous() throws Exception {
        assertProblem(http.get("/secure", KEY, keys.valid, KEY, keys.noScopes), 400, "ambiguous_api_key");
    }

    @Test
    void theSameKeyRepeatedIsOneKey() throws Exception {
        assertThat(http.get("/secure", KEY, keys.valid, KEY, keys.valid).statusCode())
                .isEqualTo(200);
    }

    @Test
    void missingScopeIs403InsufficientScopeNamingIt() throws Exception {
        HttpResponse<String> response = http.get("/reports", KEY, keys.noScopes);

        assertProblem(response, 403, "insufficient_scope");
        assertThat(jsonField(response.body(), "detail")).contains("reports:read");
        assertThat(http.get("/reports", KEY, keys.valid).statusCode()).isEqualTo(200);
    }

    @Test
    void denyAllIs403ForbiddenWithOrWithoutAKey() throws Exception {
        assertProblem(http.get("/permit-and-deny"), 403, "forbidden");
        assertProblem(http.get("/permit-and-deny", KEY, keys.valid), 403, "forbidden");
    }

    @Test
    void clientOutsideTheKeysNetworksIs403NetworkNotAllowed() throws Exception {
        assertProblem(http.get("/secure", KEY, keys.restricted), 403, "network_not_allowed");
    }

    @Test
    void brokenStoreIs503WithRetryAfterAndNeverLetsTheRequestThrough() throws Exception {
        keys.store.fail(true);
        try {
            HttpResponse<String> response = http.get("/secure", KEY, keys.valid);

            assertProblem(response, 503, "auth_unavailable");
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            assertThat(response.body()).doesNotContain("servlet=");
        } finally {
            keys.store.fail(false);
        }
        assertThat(http.get("/secure", KEY, keys.valid).statusCode()).isEqualTo(200);
    }

    @Test
    void insecureTransportIs403HttpsRequiredWhenRequired() throws Exception {
        withFilter(f -> f.requireSecureTransport(true), h -> {
            assertProblem(h.get("/secure", KEY, keys.valid), 403, "https_required");
            assertThat(h.get("/mixed").statusCode())
                    .as("open endpoints stay open")
                    .isEqualTo(200);
        });
        withFilter(f -> f.requireSecureTransport(true).trustedProxies("127.0.0.1"), h -> {
            assertThat(h.get("/secure", KEY, keys.valid, "X-Forwarded-Proto", "https")
                            .statusCode())
                    .isEqualTo(200);
            assertProblem(
                    h.get("/secure", KEY, keys.valid, "Forwarded", "for=10.0.0.1;proto=https"), 403, "https_required");
            assertProblem(h.get("/secure", KEY, keys.valid, "X-Forwarded-Proto", "http"), 403, "https_required");
        });
        withFilter(
                f -> f.requireSecureTransport(true)
                        .trustedProxies("127.0.0.1")
                        .forwardedHeaders(ForwardedHeaders.FORWARDED),
                h -> {
                    assertThat(h.get("/secure", KEY, keys.valid, "Forwarded", "for=10.0.0.1;proto=https")
                                    .statusCode())
                            .isEqualTo(200);
                    assertProblem(
                            h.get("/secure", KEY, keys.valid, "X-Forwarded-Proto", "https"), 403, "https_required");
                });
        withFilter(
                f -> f.requireSecureTransport(true),
                h -> assertProblem(
                        h.get("/secure", KEY, keys.valid, "X-Forwarded-Proto", "https"), 403, "https_required"));
    }

    // ---- precedence ----

    @Test
    void methodLevelAnnotationsWinOverClassLevel() throws Exception {
        assertThat(http.get("/mixed").statusCode())
                .as("@PermitAll doGet in a @RequireApiKey class")
                .isEqualTo(200);
        assertProblem(http.send("POST", "/mixed"), 401, "missing_api_key");
        assertThat(http.send("POST", "/mixed", KEY, keys.valid).statusCode()).isEqualTo(200);
        assertProblem(http.send("DELETE", "/mixed", KEY, keys.valid), 403, "forbidden");
        assertProblem(http.send("PUT", "/mixed", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.send("PUT", "/mixed", KEY, keys.write).statusCode()).isEqualTo(200);
        assertProblem(http.get("/denied-class"), 401, "missing_api_key");
        assertThat(http.get("/denied-class", KEY, keys.valid).statusCode()).isEqualTo(200);
        assertProblem(http.send("POST", "/denied-class", KEY, keys.valid), 403, "forbidden");
        assertProblem(http.get("/open-class-secure-get"), 401, "missing_api_key");
    }

    @Test
    void rolesAllowedAreScopesOfWhichAnyWill() throws Exception {
        assertProblem(http.get("/roles", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.get("/roles", KEY, keys.admin).statusCode()).isEqualTo(200);
        assertProblem(http.get("/any-scope", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.get("/any-scope", KEY, keys.scopeA).statusCode()).isEqualTo(200);
    }

    @Test
    void classAnnotationsAreInherited() throws Exception {
        assertProblem(http.get("/inheriting"), 401, "missing_api_key");
        assertThat(echoed(http.get("/inheriting", KEY, keys.valid).body(), "servlet"))
                .isEqualTo("inheriting");
    }

    @Test
    void servletsRegisteredByInstanceClassOrNameAreAllProtected() throws Exception {
        for (String path : new String[] {"/secure", "/secure-by-class", "/secure-by-name"}) {
            assertProblem(http.get(path), 401, "missing_api_key");
            assertThat(http.get(path, KEY, keys.valid).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void headFollowsTheGetHandlersAnnotations() throws Exception {
        assertThat(http.send("HEAD", "/secure").statusCode()).isEqualTo(401);
        assertThat(http.send("HEAD", "/secure", KEY, keys.valid).statusCode()).isEqualTo(200);
        assertThat(http.send("HEAD", "/mixed").statusCode()).isEqualTo(200);
    }

    @Test
    void annotationsWinOverPathRules() throws Exception {
        assertProblem(http.get("/rules/open/annotated"), 401, "missing_api_key");
    }

    @Test
    void theMostSpecificPathRuleApplies() throws Exception {
        assertThat(http.get("/rules/open/page").statusCode()).isEqualTo(200);
        assertProblem(http.get("/rules/denied/page", KEY, keys.valid), 403, "forbidden");
        assertProblem(http.get("/rules/admin/page", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.get("/rules/admin/page", KEY, keys.admin).statusCode()).isEqualTo(200);
        assertProblem(http.get("/rules/other"), 401, "missing_api_key");
        assertProblem(http.get("/rules"), 401, "missing_api_key");
        assertThat(http.get("/rules/other", KEY, keys.noScopes).statusCode()).isEqualTo(200);
        assertProblem(http.get("/open/file.secret"), 401, "missing_api_key");
    }

    @Test
    void pathTricksNeverReachAProtectedPathAsAnOpenOne() throws Exception {
        byte[] key = ("X-API-Key: " + keys.valid).getBytes(StandardCharsets.ISO_8859_1);
        for (String path : new String[] {
            "/rules/open/../admin/page",
            "/rules/open/%2e%2e/admin/page",
            "/rules/open/..;/admin/page",
            "/rules/open/%2E%2E%2Fadmin/page",
            "/rules//admin/page"
        }) {
            String raw = http.rawGet(path, key);
            assertThat(Http.statusOf(raw)).as(path).isIn(400, 403, 404);
        }
    }

    @Test
    void unannotatedEndpointsFollowTheDefaultPolicy() throws Exception {
        assertThat(http.get("/open/page").statusCode()).isEqualTo(200);
        assertThat(http.get("/nothing-here").statusCode()).isEqualTo(404);
        withFilter(f -> f.requireByDefault(true), h -> {
            assertProblem(h.get("/open/page"), 401, "missing_api_key");
            assertProblem(h.get("/nothing-here"), 401, "missing_api_key");
            assertThat(h.get("/nothing-here", KEY, keys.valid).statusCode()).isEqualTo(404);
            assertThat(h.get("/mixed").statusCode())
                    .as("@PermitAll still opens")
                    .isEqualTo(200);
        });
    }

    // ---- where the key is read ----

    @Test
    void otherPlacesAreIgnoredUnlessEnabled() throws Exception {
        assertProblem(http.get("/secure", "Authorization", "ApiKey " + keys.valid), 401, "missing_api_key");
        assertProblem(http.get("/secure?api_key=" + keys.valid), 401, "missing_api_key");
    }

    @Test
    void aConfiguredHeaderNameIsRead() throws Exception {
        withFilter(f -> f.headerName("X-Custom-Key"), h -> {
            assertThat(h.get("/secure", "x-custom-key", keys.valid).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> missing = h.get("/secure", KEY, keys.valid);
            assertProblem(missing, 401, "missing_api_key");
            assertThat(jsonField(missing.body(), "detail")).contains("X-Custom-Key");
        });
    }

    @Test
    void authorizationSchemesAreReadWhenEnabled() throws Exception {
        withFilter(f -> f.authorizationSchemes(AuthorizationScheme.API_KEY, AuthorizationScheme.BEARER), h -> {
            HttpResponse<String> apiKey = h.get("/secure", "Authorization", "ApiKey " + keys.valid);
            assertThat(apiKey.statusCode()).isEqualTo(200);
            assertThat(echoed(apiKey.body(), "authorization")).isEqualTo("null");
            assertThat(h.get("/secure", "Authorization", "bearer " + keys.valid).statusCode())
                    .isEqualTo(200);
            assertProblem(h.get("/secure", "Authorization", "Basic dXNlcjpwYXNz"), 401, "missing_api_key");
            assertProblem(h.get("/secure", "Authorization", "Bearer"), 401, "missing_api_key");
            assertProblem(
                    h.get("/secure", "Authorization", "Bearer " + keys.valid, KEY, keys.noScopes),
                    400,
                    "ambiguous_api_key");
            assertThat(h.get("/secure", "Authorization", "Bearer " + keys.valid, KEY, keys.valid)
                            .statusCode())
                    .isEqualTo(200);
        });
        withFilter(
                f -> f.authorizationSchemes(AuthorizationScheme.BEARER),
                h -> assertProblem(h.get("/secure", "Authorization", "ApiKey " + keys.valid), 401, "missing_api_key"));
    }

    @Test
    void theQueryParameterIsReadWhenEnabledAndHiddenFromTheApplication() throws Exception {
        withFilter(f -> f.queryParameter("api_key"), h -> {
            HttpResponse<String> response = h.get("/secure?x=1&api_key=" + keys.valid + "&y=2");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(echoed(response.body(), "param")).isEqualTo("null");
            assertThat(echoed(response.body(), "query")).isEqualTo("x=1&y=2");
            assertProblem(h.get("/secure?api_key=" + keys.valid, KEY, keys.noScopes), 400, "ambiguous_api_key");
            assertProblem(h.get("/secure?api_key=%00"), 401, "invalid_api_key");
            String raw = h.rawGet("/secure?api_key=%zz", null);
            assertThat(Http.statusOf(raw)).isIn(400, 401);
            assertProblem(h.get("/secure?api_key="), 401, "missing_api_key");
        });
    }

    @Test
    void corsPreflightPassesWithoutAKeyByDefault() throws Exception {
        HttpResponse<String> preflight = http.send(
                "OPTIONS", "/secure", "Origin", "https://app.example", "Access-Control-Request-Method", "GET");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertProblem(http.send("OPTIONS", "/secure"), 401, "missing_api_key");
        withFilter(
                f -> f.corsPreflightWithoutKey(false),
                h -> assertProblem(
                        h.send(
                                "OPTIONS",
                                "/secure",
                                "Origin",
                                "https://app.example",
                                "Access-Control-Request-Method",
                                "GET"),
                        401,
                        "missing_api_key"));
    }

    // ---- what the application sees ----

    @Test
    void theApplicationSeesThePrincipalAndNotTheKey() throws Exception {
        HttpResponse<String> response = http.get("/secure?role=reports:read", KEY, keys.valid);
        String body = response.body();

        assertThat(echoed(body, "principal")).isEqualTo(keys.validId);
        assertThat(echoed(body, "principalClass")).isEqualTo("ApiKeyPrincipal");
        assertThat(echoed(body, "keyName")).isEqualTo("reporting");
        assertThat(echoed(body, "remoteUser")).isEqualTo(keys.validId);
        assertThat(echoed(body, "authType")).isEqualTo("API_KEY");
        assertThat(echoed(body, "inRole")).isEqualTo("true");
        assertThat(echoed(body, "header")).isEqualTo("null");
        assertThat(echoed(body, "headerNames")).isEqualTo("false");
        assertThat(echoed(body, "attribute")).isEqualTo(keys.validId);
        assertThat(echoed(http.get("/secure?role=admin", KEY, keys.valid).body(), "inRole"))
                .isEqualTo("false");
        assertThat(body).doesNotContain(keys.valid);
    }

    @Test
    void theKeyHeaderStaysVisibleWhenHidingIsOff() throws Exception {
        withFilter(
                f -> f.hideKeyFromApplication(false),
                h -> assertThat(echoed(h.get("/secure", KEY, keys.valid).body(), "header"))
                        .isEqualTo(keys.valid));
    }

    @Test
    void openEndpointsSeeNoPrincipal() throws Exception {
        String body = http.get("/open/x", KEY, keys.valid).body();

        assertThat(echoed(body, "principal")).isEqualTo("-");
        assertThat(echoed(body, "authType")).isEqualTo("null");
    }

    @Test
    void theMdcHoldsTheKeyIdDuringTheRequestAndIsClearedAfterIt() throws Exception {
        mdcAtEnd.values.clear();
        assertThat(echoed(http.get("/secure", KEY, keys.valid).body(), "mdc")).isEqualTo(keys.validId);
        assertThat(http.get("/throwing", KEY, keys.valid).statusCode()).isEqualTo(500);
        assertThat(echoed(http.get("/open/x").body(), "mdc")).isEqualTo("null");

        assertThat(mdcAtEnd.values).hasSizeGreaterThanOrEqualTo(3).containsOnly("null");
    }

    // ---- dispatches ----

    @Test
    void asyncServletsKeepThePrincipal() throws Exception {
        HttpResponse<String> direct = http.get("/async", KEY, keys.valid);
        assertThat(echoed(direct.body(), "servlet")).isEqualTo("async");
        assertThat(echoed(direct.body(), "principal")).isEqualTo(keys.validId);

        HttpResponse<String> dispatched = http.get("/async?dispatch", KEY, keys.valid);
        assertThat(echoed(dispatched.body(), "dispatch")).isEqualTo("ASYNC");
        assertThat(echoed(dispatched.body(), "principal")).isEqualTo(keys.validId);
        assertThat(echoed(dispatched.body(), "header")).isEqualTo("null");

        assertProblem(http.get("/async?dispatch"), 401, "missing_api_key");
    }

    @Test
    void forwardsAndIncludesKeepThePrincipalAndAreNotCheckedAgain() throws Exception {
        HttpResponse<String> forwarded = http.get("/forwarding", KEY, keys.valid);
        assertThat(echoed(forwarded.body(), "dispatch")).isEqualTo("FORWARD");
        assertThat(echoed(forwarded.body(), "principal")).isEqualTo(keys.validId);

        HttpResponse<String> included = http.get("/forwarding?include", KEY, keys.valid);
        assertThat(echoed(included.body(), "dispatch")).isEqualTo("INCLUDE");
        assertThat(echoed(included.body(), "principal")).isEqualTo(keys.validId);
    }

    @Test
    void errorPagesKeepThePrincipal() throws Exception {
        HttpResponse<String> response = http.get("/failing", KEY, keys.valid);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(echoed(response.body(), "dispatch")).isEqualTo("ERROR");
        assertThat(echoed(response.body(), "principal")).isEqualTo(keys.validId);
    }

    // ---- client address and proxies ----

    @Test
    void forwardedHeadersAreIgnoredFromUntrustedPeers() throws Exception {
        assertProblem(
                http.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "10.1.2.3"), 403, "network_not_allowed");
        assertProblem(
                http.get("/secure", KEY, keys.restricted, "Forwarded", "for=10.1.2.3"), 403, "network_not_allowed");
    }

    @Test
    void trustedProxiesAreSkippedRightToLeft() throws Exception {
        withFilter(f -> f.trustedProxies("127.0.0.1/32", "192.168.0.0/16"), h -> {
            assertThat(h.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "10.1.2.3")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(h.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "203.0.113.9, 10.1.2.3, 192.168.1.1")
                            .statusCode())
                    .isEqualTo(200);
            assertProblem(
                    h.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "10.1.2.3, 203.0.113.9"),
                    403,
                    "network_not_allowed");
            assertProblem(
                    h.get(
                            "/secure",
                            KEY,
                            keys.restricted,
                            "X-Forwarded-For",
                            "203.0.113.9",
                            "Forwarded",
                            "for=10.1.2.3"),
                    403,
                    "network_not_allowed");
            assertProblem(h.get("/secure", KEY, keys.restricted), 403, "network_not_allowed");
            assertProblem(
                    h.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "10.1.2.3, _hidden"),
                    403,
                    "network_not_allowed");
            assertProblem(
                    h.get("/secure", KEY, keys.restricted, "X-Forwarded-For", "garbage"), 403, "network_not_allowed");
            assertThat(h.get("/secure", KEY, keys.valid, "X-Forwarded-For", "garbage")
                            .statusCode())
                    .as("unrestricted keys do not care about the address")
                    .isEqualTo(200);
            assertThat(h.get(
                                    "/secure",
                                    KEY,
                                    keys.restricted,
                                    "X-Forwarded-For",
                                    "10.0.0.1",
                                    "X-Forwarded-For",
                                    "192.168.5.5")
                            .statusCode())
                    .isEqualTo(200);
        });
    }

    @Test
    void theForwardedHeaderIsReadOnlyWhenConfigured() throws Exception {
        withFilter(
                f -> f.trustedProxies("127.0.0.1/32", "192.168.0.0/16").forwardedHeaders(ForwardedHeaders.FORWARDED),
                h -> {
                    assertThat(h.get(
                                            "/secure",
                                            KEY,
                                            keys.restricted,
                                            "Forwarded",
                                            "for=203.0.113.9, for=\"10.1.2.3:4711\"")
                                    .statusCode())
                            .isEqualTo(200);
                    assertThat(h.get(
                                            "/secure",
                                            KEY,
                                            keys.restricted,
                                            "Forwarded",
                                            "for=\"[2001:db8::1]\";proto=https, for=10.9.9.9")
                                    .statusCode())
                            .isEqualTo(200);
                    assertProblem(
                            h.get("/secure", KEY, keys.restricted, "Forwarded", "for=10.1.2.3, for=unknown"),
                            403,
                            "network_not_allowed");
                    assertProblem(
                            h.get(
                                    "/secure",
                                    KEY,
                                    keys.restricted,
                                    "Forwarded",
                                    "for=203.0.113.9",
                                    "X-Forwarded-For",
                                    "10.1.2.3"),
                            403,
                            "network_not_allowed");
                });
    }

    /**
     * Issue 12, item 1: the client writes {@code for=10.1.2.3;x="} and the proxy appends its own element to the
     * same line; the open quote must not make the proxy's element (address and {@code proto}) the client's. A
     * line off the RFC 7239 grammar makes the address unknown and the request not secure.
     */
    @Test
    void aForwardedLineOffTheGrammarMakesTheAddressUnknownAndTheRequestNotSecure() throws Exception {
        String swallowing = "for=10.1.2.3;x=\", for=203.0.113.9;proto=http";
        withFilter(f -> f.trustedProxies("127.0.0.1/32").forwardedHeaders(ForwardedHeaders.FORWARDED), h -> {
            assertProblem(h.get("/secure", KEY, keys.restricted, "Forwarded", swallowing), 403, "network_not_allowed");
            assertProblem(
                    h.get(
                            "/secure",
                            KEY,
                            keys.restricted,
                            "Forwarded",
                            "for=10.1.2.3;x=\"",
                            "Forwarded",
                            "for=10.1.2.4"),
                    403,
                    "network_not_allowed");
            assertProblem(
                    h.get("/secure", KEY, keys.restricted, "Forwarded", "for=10.1.2.3;for=10.1.2.4, for=10.1.2.5"),
                    403,
                    "network_not_allowed");
            assertThat(h.get("/secure", KEY, keys.valid, "Forwarded", swallowing)
                            .statusCode())
                    .as("unrestricted keys do not care about the address")
                    .isEqualTo(200);
            assertProblem(
                    h.get("/secure", KEY, keys.restricted, "Forwarded", "for=10.1.2.3;x=\"\", for=203.0.113.9"),
                    403,
                    "network_not_allowed");
            assertThat(h.get("/secure", KEY, keys.restricted, "Forwarded", "for=203.0.113.9;x=\"\", for=10.1.2.3")
                            .statusCode())
                    .isEqualTo(200);
        });
        withFilter(
                f -> f.trustedProxies("127.0.0.1/32")
                        .forwardedHeaders(ForwardedHeaders.FORWARDED)
                        .requireSecureTransport(true),
                h -> {
                    assertProblem(
                            h.get(
                                    "/secure",
                                    KEY,
                                    keys.valid,
                                    "Forwarded",
                                    "for=10.1.2.3;proto=https;x=\", for=203.0.113.9;proto=http"),
                            403,
                            "https_required");
                    assertProblem(
                            h.get("/secure", KEY, keys.valid, "Forwarded", "proto=https;x=\", for=203.0.113.9"),
                            403,
                            "https_required");
                    assertThat(h.get(
                                            "/secure",
                                            KEY,
                                            keys.valid,
                                            "Forwarded",
                                            "proto=http;x=\"\", for=203.0.113.9;proto=https")
                                    .statusCode())
                            .isEqualTo(200);
                });
    }

    // ---- annotations wherever they are written ----

    @Test
    void protectionOnServiceOverridesGenericServletsSuperclassMethodsAndInterfacesIsHonoured() throws Exception {
        assertProblem(http.get("/service-annotated"), 401, "missing_api_key");
        assertThat(http.get("/service-annotated", KEY, keys.valid).statusCode()).isEqualTo(200);
        assertProblem(http.get("/generic"), 401, "missing_api_key");
        assertThat(http.get("/generic", KEY, keys.valid).statusCode()).isEqualTo(200);
        assertProblem(http.get("/admin-subclass"), 401, "missing_api_key");
        assertProblem(http.get("/admin-subclass", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.get("/admin-subclass", KEY, keys.admin).statusCode()).isEqualTo(200);
        assertProblem(http.get("/interface-protected", KEY, keys.valid), 403, "insufficient_scope");
        assertThat(http.get("/interface-protected", KEY, keys.admin).statusCode())
                .isEqualTo(200);
        assertProblem(http.get("/nobody", KEY, keys.admin), 403, "forbidden");
    }

    @Test
    void corsPreflightNeverOpensDeniedEndpointsOrServletsThatAnswerOptionsThemselves() throws Exception {
        String[] preflight = {"Origin", "https://app.example", "Access-Control-Request-Method", "GET"};
        assertProblem(http.send("OPTIONS", "/permit-and-deny", preflight), 403, "forbidden");
        assertProblem(http.send("OPTIONS", "/service-annotated", preflight), 401, "missing_api_key");
        assertProblem(http.send("OPTIONS", "/options-protected", preflight), 401, "missing_api_key");
        assertThat(http.send("OPTIONS", "/secure", preflight).statusCode()).isEqualTo(200);
    }

    @Test
    void dispatchesToAProtectedServletAreCheckedToo() throws Exception {
        assertProblem(http.get("/forward-to-admin"), 401, "missing_api_key");
        assertProblem(http.get("/forward-to-admin", KEY, keys.valid), 403, "insufficient_scope");
        HttpResponse<String> allowed = http.get("/forward-to-admin", KEY, keys.admin);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(echoed(allowed.body(), "servlet")).isEqualTo("admin-base");
        assertThat(echoed(allowed.body(), "header"))
                .as("hidden on the forward too")
                .isEqualTo("null");
        assertThat(http.get("/forward-to-admin?include").body()).doesNotContain("servlet=admin-base");
        assertThat(echoed(http.get("/forward-to-admin?include", KEY, keys.admin).body(), "servlet"))
                .isEqualTo("admin-base");
    }

    @Test
    void anExactRuleAlsoCoversItsTrailingSlash() throws Exception {
        assertProblem(http.get("/open/denied", KEY, keys.admin), 403, "forbidden");
        assertProblem(http.get("/open/denied/", KEY, keys.admin), 403, "forbidden");
        assertThat(http.get("/open/denied-not", KEY, keys.admin).statusCode()).isEqualTo(200);
    }

    @Test
    void openEndpointsDoNotSeeAKeyEither() throws Exception {
        HttpResponse<String> response = http.get("/mixed", KEY, keys.valid);

        assertThat(echoed(response.body(), "servlet")).isEqualTo("mixed-get");
        assertThat(echoed(response.body(), "header")).isEqualTo("null");
        assertThat(echoed(response.body(), "principal")).isEqualTo("-");
    }

    /**
     * Issue 12, item 4: {@code X-API-Key: K1} plus {@code Authorization: Bearer K2} (and a query parameter) on an
     * open endpoint. Ambiguous or not, every place the filter reads keys from that carried one is hidden.
     */
    @Test
    void openEndpointsSeeNoKeyEvenWhenDifferentKeysAreSent() throws Exception {
        String inHeader = keys.valid;
        String inAuthorization = TestKeys.unknown();
        String inQuery = keys.noScopes;
        withFilter(f -> f.authorizationSchemes(AuthorizationScheme.BEARER).queryParameter("api_key"), h -> {
            for (String path : List.of("/open/x", "/mixed")) {
                List<HttpResponse<String>> responses = List.of(
                        h.get(
                                path + "?y=1&api_key=" + inQuery,
                                KEY,
                                inHeader,
                                "Authorization",
                                "Bearer " + inAuthorization),
                        h.get(path + "?y=1", KEY, inHeader, "Authorization", "Bearer " + inAuthorization),
                        h.get(path + "?y=1&api_key=" + inQuery, KEY, inHeader),
                        h.get(path + "?y=1&api_key=" + inQuery, "Authorization", "Bearer " + inAuthorization));
                for (HttpResponse<String> response : responses) {
                    String body = response.body();
                    assertThat(response.statusCode()).as(body).isEqualTo(200);
                    assertThat(echoed(body, "header")).isEqualTo("null");
                    assertThat(echoed(body, "headerNames")).isEqualTo("false");
                    assertThat(echoed(body, "authorization")).isEqualTo("null");
                    assertThat(echoed(body, "param")).isEqualTo("null");
                    assertThat(echoed(body, "query")).isEqualTo("y=1");
                    assertThat(echoed(body, "principal")).isEqualTo("-");
                    assertThat(body)
                            .doesNotContain(inHeader)
                            .doesNotContain(inAuthorization)
                            .doesNotContain(inQuery);
                }
            }
            assertProblem(
                    h.get("/secure", KEY, inHeader, "Authorization", "Bearer " + inAuthorization),
                    400,
                    "ambiguous_api_key");
            assertThat(echoed(
                            h.get("/open/x", "Authorization", "Basic dXNlcjpwYXNz")
                                    .body(),
                            "authorization"))
                    .as("an Authorization scheme the filter does not read stays the application's")
                    .isEqualTo("Basic dXNlcjpwYXNz");
        });
    }

    @Test
    void aValidatorThatThrowsOrAnswersNothingFailsClosed() throws Exception {
        for (dev.apikey.KeyValidator broken : List.<dev.apikey.KeyValidator>of(
                (key, context) -> {
                    throw new IllegalStateException("boom");
                },
                (key, context) -> null)) {
            try (TestContainer container = newContainer()) {
                Http h = new Http(container.start(standardServlets()
                        .filter(ApiKeyFilter.builder().validator(broken).build())));
                assertProblem(h.get("/secure", KEY, keys.valid), 503, "auth_unavailable");
                assertThat(h.get("/open/x").statusCode()).isEqualTo(200);
            }
        }
    }

    // ---- rate limits and quotas ----

    private String keyWith(String rate, String quota) {
        dev.apikey.KeySpec.Builder spec = dev.apikey.KeySpec.builder("limited");
        if (rate != null) {
            spec.rateLimit(dev.apikey.RateLimit.parse(rate));
        }
        if (quota != null) {
            spec.quota(dev.apikey.Quota.parse(quota));
        }
        return keys.apiKeys.issue(spec.build()).secret();
    }

    @Test
    void rateLimitedKeysCarryRateLimitHeadersAndGet429WithRetryAfter() throws Exception {
        String limited = keyWith("2/1h", null);

        HttpResponse<String> first = http.get("/secure", KEY, limited);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(Long.parseLong(first.headers().firstValue("RateLimit-Reset").orElseThrow()))
                .isBetween(1L, 1800L);
        assertThat(http.get("/secure", KEY, limited).headers().firstValue("RateLimit-Remaining"))
                .contains("0");
        HttpResponse<String> third = http.get("/secure", KEY, limited);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(jsonField(third.body(), "code")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 1800L);
        assertThat(third.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(http.get("/secure", KEY, keys.valid).headers().firstValue("RateLimit-Limit"))
                .as("keys without limits get no headers")
                .isEmpty();
    }

    @Test
    void anExhaustedQuotaIs429QuotaExhausted() throws Exception {
        String quota = keyWith(null, "1/day");

        assertThat(http.get("/secure", KEY, quota).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = http.get("/secure", KEY, quota);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(jsonField(refused.body(), "code")).isEqualTo("quota_exhausted");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void expensiveEndpointsCostWhatTheirAnnotationSays() throws Exception {
        String limited = keyWith("10/1h", null);

        assertThat(http.get("/expensive", KEY, limited).headers().firstValue("RateLimit-Remaining"))
                .contains("5");
        assertThat(http.get("/expensive", KEY, limited).headers().firstValue("RateLimit-Remaining"))
                .contains("0");
        assertThat(http.get("/expensive", KEY, limited).statusCode()).isEqualTo(429);
    }

    @Test
    void aRefusalForAnotherReasonConsumesNothing() throws Exception {
        String limited = keyWith("1/1h", null);

        assertProblem(http.get("/reports", KEY, limited), 403, "insufficient_scope");
        assertThat(http.get("/secure", KEY, limited).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressWithTooManyFailedAttemptsIsRefusedForTheWindow() throws Exception {
        withFilter(f -> f.failedAttemptLimit(dev.apikey.RateLimit.parse("3/1h")), h -> {
            assertThat(h.get("/secure", KEY, keys.valid).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(h.get("/secure", KEY, TestKeys.unknown()).statusCode())
                        .isEqualTo(401);
            }
            HttpResponse<String> blocked = h.get("/secure", KEY, TestKeys.unknown());
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(jsonField(blocked.body(), "code")).isEqualTo("too_many_failed_attempts");
            assertThat(Long.parseLong(
                            blocked.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(3500L, 3600L);
            assertThat(h.get("/open/x").statusCode())
                    .as("open endpoints stay open")
                    .isEqualTo(200);
        });
    }

    // ---- bad input ----

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyOrBlankKeysAreMissing(String value) throws Exception {
        String raw = http.rawGet("/secure", ("X-API-Key: " + value).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Http.statusOf(raw)).isEqualTo(401);
        assertThat(raw).contains("missing_api_key");
    }

    @Test
    void hostileHeadersNeverCauseA5xxOrAStackTrace() throws Exception {
        byte[][] headers = {
            ("X-API-Key: " + "a".repeat(10 * 1024)).getBytes(StandardCharsets.ISO_8859_1),
            ("X-API-Key: ak_" + "é".repeat(49)).getBytes(StandardCharsets.UTF_8),
            ("X-API-Key: ak_" + "\u00e9".repeat(49)).getBytes(StandardCharsets.ISO_8859_1),
            "X-API-Key: %00".getBytes(StandardCharsets.ISO_8859_1),
            "X-API-Key: ak_\u0001abc".getBytes(StandardCharsets.ISO_8859_1),
            ("X-API-Key: " + keys.valid + "\u0000").getBytes(StandardCharsets.ISO_8859_1),
            ("X-API-Key: " + KeyPrefixes.OTHER).getBytes(StandardCharsets.ISO_8859_1),
            "X-API-Key: ${jndi:ldap://127.0.0.1/a}".getBytes(StandardCharsets.ISO_8859_1),
        };
        for (byte[] header : headers) {
            String raw = http.rawGet("/secure", header);
            int status = Http.statusOf(raw);
            String shown = new String(header, StandardCharsets.ISO_8859_1);
            assertThat(status)
                    .as(shown.substring(0, Math.min(30, shown.length())))
                    .isBetween(400, 499);
            assertThat(raw).doesNotContain("Exception").doesNotContain("at dev.apikey");
        }
    }

    @Test
    void aKeyOfAnotherPrefixIsInvalid() throws Exception {
        assertProblem(http.get("/secure", KEY, KeyPrefixes.OTHER), 401, "invalid_api_key");
    }

    // ---- configuration ----

    @Test
    void webXmlInitParametersConfigureTheFilter() throws Exception {
        Deployment deployment = standardServlets()
                .filter(new ApiKeyFilter())
                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                .initParameter("header-name", "X-Token")
                .initParameter("authorization-schemes", "Bearer")
                .initParameter("require-by-default", "true")
                .initParameter("realm", "reports")
                .initParameter("retry-after", "30s")
                .initParameter("failed-attempt-limit", "1000/1m")
                .initParameter("failed-attempt-ipv6-prefix", "/56")
                .initParameter(
                        "path-rules",
                        "/open/public/* permit\n/open/admin/* require admin\n"
                                + "/open/either/* require a admin any; /open/closed/* deny");
        try (TestContainer container = newContainer()) {
            Http h = new Http(container.start(deployment));

            assertThat(h.get("/secure", "X-Token", keys.valid).statusCode()).isEqualTo(200);
            assertThat(h.get("/secure", "Authorization", "Bearer " + keys.valid).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> missing = h.get("/open/page");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"reports\"");
            assertThat(h.get("/open/public/page").statusCode()).isEqualTo(200);
            assertThat(h.get("/open/admin/page", "X-Token", keys.valid).statusCode())
                    .isEqualTo(403);
            assertThat(h.get("/open/admin/page", "X-Token", keys.admin).statusCode())
                    .isEqualTo(200);
            assertThat(h.get("/open/either/page", "X-Token", keys.scopeA).statusCode())
                    .isEqualTo(200);
            assertThat(h.get("/open/closed/page", "X-Token", keys.admin).statusCode())
                    .isEqualTo(403);
            keys.store.fail(true);
            try {
                assertThat(h.get("/secure", "X-Token", keys.valid).headers().firstValue("Retry-After"))
                        .contains("30");
            } finally {
                keys.store.fail(false);
            }
        }
    }

    @Test
    void webXmlCanNameAValidatorFactory() throws Exception {
        Deployment deployment = standardServlets()
                .filter(new ApiKeyFilter())
                .attribute("test.apikeys", keys.apiKeys)
                .initParameter("validator-factory", TestValidatorFactory.class.getName());
        try (TestContainer container = newContainer()) {
            Http h = new Http(container.start(deployment));

            assertThat(h.get("/secure", KEY, keys.valid).statusCode()).isEqualTo(200);
            assertThat(h.get("/secure").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void badConfigurationStopsTheApplicationFromStarting() {
        Deployment[] broken = {
            standardServlets().filter(new ApiKeyFilter()),
            standardServlets()
                    .filter(new ApiKeyFilter())
                    .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                    .initParameter("require-by-defualt", "true"),
            standardServlets()
                    .filter(new ApiKeyFilter())
                    .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                    .initParameter("require-by-default", "yes"),
            standardServlets()
                    .filter(new ApiKeyFilter())
                    .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                    .initParameter("path-rules", "api/* require"),
            standardServlets().filter(new ApiKeyFilter()).attribute("dev.apikey.ApiKeys", "not a validator"),
            standardServlets().filter(new ApiKeyFilter()).initParameter("validator-factory", "com.example.Missing"),
            standardServlets()
                    .filter(ApiKeyFilter.builder().apiKeys(keys.apiKeys).build())
                    .initParameter("realm", "x"),
            standardServlets()
                    .servlet("bad-scope", "/bad-scope", new BadScopeServlet())
                    .filter(ApiKeyFilter.builder().apiKeys(keys.apiKeys).build()),
            standardServlets()
                    .servlet("bad-options", "/bad-options", new BadOptionsServlet())
                    .filter(ApiKeyFilter.builder().apiKeys(keys.apiKeys).build()),
            standardServlets()
                    .servlet("both", "/both", new BothAnnotationsServlet())
                    .filter(ApiKeyFilter.builder().apiKeys(keys.apiKeys).build()),
        };
        for (Deployment deployment : broken) {
            try (TestContainer container = newContainer()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> container.start(deployment))
                        .as("%s must refuse to start", container.name())
                        .isInstanceOf(Exception.class);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A bad scope on a rarely used handler: still refused at start-up. */
    public static final class BadOptionsServlet extends jakarta.servlet.http.HttpServlet {
        @Override
        @dev.apikey.RequireApiKey(scopes = "bad scope!")
        protected void doOptions(
                jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {}
    }

    /** Two requirements on one element: ambiguous, refused at start-up. */
    @dev.apikey.RequireApiKey
    @jakarta.annotation.security.RolesAllowed("admin")
    public static final class BothAnnotationsServlet extends jakarta.servlet.http.HttpServlet {}

    @Test
    void oneFilterInstanceCannotServeTwoContexts() throws Exception {
        ApiKeyFilter shared = ApiKeyFilter.builder().apiKeys(keys.apiKeys).build();
        try (TestContainer first = newContainer();
                TestContainer second = newContainer()) {
            first.start(standardServlets().filter(shared));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> second.start(standardServlets().filter(shared)))
                    .isInstanceOf(Exception.class);
        }
    }

    /** Declares a scope the validator can never match: refused at start-up. */
    @dev.apikey.RequireApiKey(scopes = "has space")
    public static final class BadScopeServlet extends jakarta.servlet.http.HttpServlet {}

    @Test
    void startupLogsOneLinePerServletSayingWhatItRequires() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture();
                TestContainer container = newContainer()) {
            container.start(standardServlets()
                    .filter(ApiKeyFilter.builder()
                            .apiKeys(keys.apiKeys)
                            .queryParameter("k")
                            .build()));

            List<String> lines = logs.messages(ApiKeyFilter.class.getName());
            assertThat(lines)
                    .anyMatch(line -> line.contains("servlet 'reports'")
                            && line.endsWith("): every method requires"
                                    + " an API key with scopes [reports:read] (@RequireApiKey on Reports)"));
            assertThat(lines)
                    .anyMatch(line -> line.contains("servlet 'mixed'")
                            && line.contains("GET is open (no key; @PermitAll on")
                            && line.contains("PUT requires an API key with scopes [write] (@RequireApiKey on")
                            && line.contains("DELETE is denied to everyone (@DenyAll on")
                            && line.contains("; other methods "));
            assertThat(lines)
                    .anyMatch(line -> line.contains("servlet 'open'")
                            && line.endsWith(
                                    "): every method is open (no key; default policy: requireByDefault(false))"));
            assertThat(lines).anyMatch(line -> line.contains("reads keys from the query parameter 'k'"));
            assertThat(lines)
                    .noneMatch(line -> line.contains("require open")
                            || line.contains("requires open")
                            || line.contains("requires denied")
                            || line.contains("path rules / default policy"));
        }
        try (CapturedLogs logs = CapturedLogs.capture();
                TestContainer container = newContainer()) {
            container.start(standardServlets()
                    .filter(ApiKeyFilter.builder()
                            .apiKeys(keys.apiKeys)
                            .requireKey("/rules/*")
                            .build()));

            assertThat(logs.messages(ApiKeyFilter.class.getName()))
                    .anyMatch(line -> line.contains("servlet 'open'")
                            && line.endsWith(
                                    "): every method follows the path rules, else the default: open (no key; default policy:"
                                            + " requireByDefault(false))"));
        }
    }

    @Test
    void realmRetryAfterAndTheErrorResponderAreConfigurable() throws Exception {
        withFilter(
                f -> f.realm("billing")
                        .retryAfter(java.time.Duration.ofSeconds(42))
                        .errorResponder((request, response, failure) -> {
                            response.setContentType("text/plain");
                            response.getWriter().write("custom " + failure.code() + " " + failure.status());
                        }),
                h -> {
                    HttpResponse<String> missing = h.get("/secure");
                    assertThat(missing.statusCode()).isEqualTo(401);
                    assertThat(missing.body()).isEqualTo("custom missing_api_key 401");
                    assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"billing\"");
                    keys.store.fail(true);
                    try {
                        HttpResponse<String> unavailable = h.get("/secure", KEY, keys.valid);
                        assertThat(unavailable.statusCode()).isEqualTo(503);
                        assertThat(unavailable.headers().firstValue("Retry-After"))
                                .contains("42");
                    } finally {
                        keys.store.fail(false);
                    }
                });
        withFilter(
                f -> f.errorResponder(ErrorResponder.problemJson(URI.create("https://api.example.com/problems/"))),
                h -> assertThat(jsonField(h.get("/secure").body(), "type"))
                        .isEqualTo("https://api.example.com/problems/missing_api_key"));
    }

    @Test
    void noKeyEverAppearsInTheLogs() throws Exception {
        String unknown = TestKeys.unknown();
        try (CapturedLogs logs = CapturedLogs.capture()) {
            withFilter(f -> f.queryParameter("api_key").authorizationSchemes(AuthorizationScheme.BEARER), h -> {
                h.get("/secure", KEY, keys.valid);
                h.get("/secure", KEY, unknown);
                h.get("/secure?api_key=" + keys.revoked);
                h.get("/secure", "Authorization", "Bearer " + keys.expired);
                h.get("/open/" + keys.valid + "/x", KEY, keys.valid);
                h.get("/rules/" + unknown, KEY, unknown);
                h.get("/throwing", KEY, keys.valid);
                keys.store.fail(true);
                try {
                    h.get("/secure", KEY, keys.valid);
                } finally {
                    keys.store.fail(false);
                }
            });
            String text = logs.allText();
            assertThat(text).contains("apikey rejected").contains("apikey accepted");
            for (String secret : List.of(keys.valid, unknown, keys.revoked, keys.expired)) {
                assertThat(text).doesNotContain(secret).doesNotContain(secret.substring(7, 30));
            }
        }
    }

    /** A well-formed key of a prefix this deployment does not issue. */
    static final class KeyPrefixes {
        static final String OTHER = dev.apikey.KeyGenerator.secure("other").generate();

        private KeyPrefixes() {}
    }
}
