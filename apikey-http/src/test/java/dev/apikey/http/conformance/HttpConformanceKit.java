package dev.apikey.http.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.RateLimit;
import dev.apikey.http.AuthorizationScheme;
import dev.apikey.http.EndpointRequirement.Access;
import dev.apikey.http.ForwardedHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP contract every integration of apikey keeps, run over real HTTP against the integration's own server: the
 * status table, annotation precedence, path rules and the default, where keys are read, trusted proxies, hidden keys
 * and the headers of every answer. An integration subclasses it and implements {@link #start}: an application on a
 * free loopback port, configured with the {@link ConformanceSettings}, serving these endpoints, each with the
 * framework's own handler type and the annotations given, each answering 200 with {@link HandlerEcho#body}:
 *
 * <table>
 * <caption>The endpoints</caption>
 * <tr><th>name</th><th>path</th><th>annotations</th></tr>
 * <tr><td>{@code secure}</td><td>{@code GET /secure}</td><td>{@code @RequireApiKey} on the class</td></tr>
 * <tr><td>{@code reports}</td><td>{@code GET /reports}</td><td>{@code @RequireApiKey(scopes = "reports:read")}</td></tr>
 * <tr><td>{@code any-scope}</td><td>{@code GET /any-scope}</td><td>{@code @RequireApiKey(scopes = {"a", "b"}, match = ScopeMatch.ANY)}</td></tr>
 * <tr><td>{@code roles}</td><td>{@code GET /roles}</td><td>{@code @RolesAllowed({"admin", "ops"})}</td></tr>
 * <tr><td>{@code mixed-get}, {@code mixed-post}, {@code mixed-put}, {@code mixed-delete}</td><td>{@code /mixed}</td>
 *     <td>{@code @RequireApiKey} on the class; {@code GET} {@code @PermitAll}; {@code PUT}
 *     {@code @RequireApiKey(scopes = "write")}; {@code DELETE} {@code @DenyAll}; {@code POST} none</td></tr>
 * <tr><td>{@code denied-class-get}</td><td>{@code GET /denied-class}</td><td>{@code @DenyAll} on the class,
 *     {@code @RequireApiKey} on the method</td></tr>
 * <tr><td>{@code permit-and-deny}</td><td>{@code GET /permit-and-deny}</td><td>{@code @PermitAll} and {@code @DenyAll}</td></tr>
 * <tr><td>{@code health}</td><td>{@code GET /health}</td><td>{@code @PermitAll}</td></tr>
 * <tr><td>{@code expensive}</td><td>{@code GET /expensive}</td><td>{@code @RequireApiKey(cost = 5)}</td></tr>
 * <tr><td>{@code open}</td><td>{@code GET /open} and every path under {@code /open/} and {@code /rules/}</td><td>none</td></tr>
 * </table>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpConformanceKit {

    /** A running application under test. */
    public interface App extends AutoCloseable {
        /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
        URI baseUri();
    }

    /**
     * HTTP/1.1 with kept-alive connections: every answer, refusals included, must leave the connection usable for the
     * next request (on Reactor Netty a refusal that kept the connection open now and then left the next request
     * unanswered).
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");

    /** The kit's keys; their validator is the one every {@link ConformanceSettings} carries. */
    protected final ConformanceKeys keys = new ConformanceKeys();

    private App main;

    /**
     * Starts the application under test configured with {@code settings} (see the class comment for its endpoints).
     */
    protected abstract App start(ConformanceSettings settings) throws Exception;

    @BeforeAll
    void startWithDefaults() throws Exception {
        main = start(ConformanceSettings.defaults(keys.apiKeys.validator())
                .withPathRule("/rules/admin/*", Access.REQUIRE, "admin")
                .withPathRule("/rules/open/*", Access.PERMIT)
                .withPathRule("/rules/denied/*", Access.DENY)
                .withPathRule("/rules/*", Access.REQUIRE)
                .withPathRule("/secure", Access.PERMIT));
    }

    @AfterAll
    void stopAll() throws Exception {
        main.close();
        keys.close();
    }

    /** Sends {@code method path} to {@code app} with header name/value pairs. */
    protected static HttpResponse<String> send(App app, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(asSent(app.baseUri(), path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code path} on {@code base} exactly as written: {@link URI#resolve} would drop dot segments and read {@code //x} as a host. */
    private static URI asSent(URI base, String path) {
        String root = base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(main, "GET", path, headers);
    }

    /** Runs {@code test} against an application started with {@code settings}, then stops it. */
    private void with(Function<ConformanceSettings, ConformanceSettings> settings, AppTest test) throws Exception {
        try (App app = start(settings.apply(ConformanceSettings.defaults(keys.apiKeys.validator())))) {
            test.run(app);
        }
    }

    @FunctionalInterface
    private interface AppTest {
        void run(App app) throws Exception;
    }

    /** The handler ran: 200 with its echo. */
    private static Map<String, String> served(HttpResponse<String> response, String endpoint) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> echo = HandlerEcho.parse(response.body());
        assertThat(echo.get("endpoint")).isEqualTo(endpoint);
        return echo;
    }

    /** A refusal: status, problem body, Cache-Control, WWW-Authenticate exactly on 401; never the handler's echo. */
    private static void refused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, String> problem = json(response.body());
        assertThat(problem)
                .containsEntry("code", code)
                .containsEntry("status", Integer.toString(status))
                .containsEntry("type", "about:blank")
                .containsKeys("title", "detail");
        assertThat(response.body()).doesNotContain("endpoint=");
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"api\"");
        } else {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    private static Map<String, String> json(String body) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher matcher = JSON_FIELD.matcher(body);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
        }
        return fields;
    }

    // ---- the status table ----

    @Test
    void aValidKeyReachesTheHandlerWhichSeesThePrincipalAndNotTheKey() throws Exception {
        Map<String, String> echo = served(get("/reports", "X-API-Key", keys.reader), "reports");
        assertThat(echo).containsEntry("principal", keys.readerId).containsEntry("x-api-key", "null");
    }

    @Test
    void everyRefusalOfTheStatusTable() throws Exception {
        refused(get("/reports"), 401, "missing_api_key");
        refused(get("/reports", "X-API-Key", "   "), 401, "missing_api_key");
        String unknown = ConformanceKeys.unknown();
        HttpResponse<String> invalid = get("/reports", "X-API-Key", unknown);
        refused(invalid, 401, "invalid_api_key");
        assertThat(invalid.body()).doesNotContain(unknown);
        refused(get("/reports", "X-API-Key", "not-a-key"), 401, "invalid_api_key");
        refused(get("/reports", "X-API-Key", keys.revoked), 401, "invalid_api_key");
        refused(get("/reports", "X-API-Key", keys.expired), 401, "expired_api_key");
        refused(get("/reports", "X-API-Key", keys.notYetValid), 401, "inactive_api_key");
        refused(get("/reports", "X-API-Key", keys.plain), 403, "insufficient_scope");
        refused(get("/secure", "X-API-Key", keys.fromDocumentationNetwork), 403, "network_not_allowed");
        refused(get("/secure", "X-API-Key", keys.reader, "X-API-Key", keys.plain), 400, "ambiguous_api_key");
        refused(send(main, "DELETE", "/mixed", "X-API-Key", keys.admin), 403, "forbidden");
    }

    @Test
    void aFailingStoreIsA503WithRetryAfterNeverAnAllow() throws Exception {
        keys.storeFails(true);
        try {
            HttpResponse<String> response = get("/secure", "X-API-Key", keys.reader);
            refused(response, 503, "auth_unavailable");
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
        } finally {
            keys.storeFails(false);
        }
        served(get("/secure", "X-API-Key", keys.reader), "secure");
    }

    @Test
    void limitsAnswerRateLimitFieldsAndThen429WithRetryAfter() throws Exception {
        HttpResponse<String> first = get("/secure", "X-API-Key", keys.onePerHour);
        served(first, "secure");
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("1");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(first.headers().firstValue("RateLimit-Reset")).isPresent();

        HttpResponse<String> second = get("/secure", "X-API-Key", keys.onePerHour);
        refused(second, 429, "rate_limited");
        assertThat(Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 3600L);
        assertThat(second.headers().firstValue("RateLimit-Remaining")).contains("0");

        served(get("/expensive", "X-API-Key", keys.fiveInAll), "expensive");
        refused(get("/expensive", "X-API-Key", keys.fiveInAll), 429, "quota_exhausted");
    }

    @Test
    void aRefusedHeadHasTheStatusAndHeadersButNoBody() throws Exception {
        HttpResponse<String> head = send(main, "HEAD", "/reports");
        assertThat(head.statusCode()).isEqualTo(401);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"api\"");
        assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
    }

    // ---- what an endpoint requires ----

    @Test
    void aMethodsAnnotationsWinOverItsClasss() throws Exception {
        assertThat(served(get("/mixed"), "mixed-get")).containsEntry("principal", "-");
        refused(send(main, "POST", "/mixed"), 401, "missing_api_key");
        served(send(main, "POST", "/mixed", "X-API-Key", keys.plain), "mixed-post");
        refused(send(main, "PUT", "/mixed", "X-API-Key", keys.plain), 403, "insufficient_scope");
        served(send(main, "PUT", "/mixed", "X-API-Key", keys.writer), "mixed-put");
        refused(get("/denied-class"), 401, "missing_api_key");
        served(get("/denied-class", "X-API-Key", keys.plain), "denied-class-get");
        refused(get("/permit-and-deny", "X-API-Key", keys.admin), 403, "forbidden");
        served(get("/health"), "health");
    }

    @Test
    void scopesAreAllOfByDefaultAnyOfOnRequestAndRolesAllowed() throws Exception {
        served(get("/any-scope", "X-API-Key", keys.scopeA), "any-scope");
        refused(get("/any-scope", "X-API-Key", keys.plain), 403, "insufficient_scope");
        served(get("/roles", "X-API-Key", keys.admin), "roles");
        refused(get("/roles", "X-API-Key", keys.plain), 403, "insufficient_scope");
        refused(get("/roles"), 401, "missing_api_key");
    }

    @Test
    void annotationsWinOverPathRulesAndTheMostSpecificRuleDecides() throws Exception {
        refused(get("/secure"), 401, "missing_api_key");
        refused(get("/rules/x"), 401, "missing_api_key");
        served(get("/rules/x", "X-API-Key", keys.plain), "open");
        refused(get("/rules/admin/x", "X-API-Key", keys.plain), 403, "insufficient_scope");
        served(get("/rules/admin/x", "X-API-Key", keys.admin), "open");
        served(get("/rules/open/x"), "open");
        refused(get("/rules/denied/x", "X-API-Key", keys.admin), 403, "forbidden");
        served(get("/open/x"), "open");
    }

    @Test
    void aPathNotInCanonicalFormNeverSlipsPastItsRule() throws Exception {
        for (String path : List.of(
                "//rules/x",
                "/open/../rules/x",
                "/open/%2E%2E/rules/x",
                "/%2Frules/x",
                "/open/..%2Frules/x",
                "/./rules/x")) {
            notServed(get(path), path);
            notServed(get(path.replace("rules/x", "rules/admin/x"), "X-API-Key", keys.plain), path);
        }
    }

    /** Refused or not found, whichever the stack answers a path it reads differently: never the handler's echo. */
    private static void notServed(HttpResponse<String> response, String path) {
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(400, 401, 403, 404);
        assertThat(response.body()).as(path).doesNotContain("endpoint=");
    }

    @Test
    void requireByDefaultCoversUnannotatedEndpointsOnly() throws Exception {
        with(settings -> settings.withRequireByDefault(true), app -> {
            refused(send(app, "GET", "/open"), 401, "missing_api_key");
            served(send(app, "GET", "/open", "X-API-Key", keys.plain), "open");
            served(send(app, "GET", "/health"), "health");
        });
    }

    // ---- where keys are read, and that none reaches a handler ----

    @Test
    void onlyTheKeyHeaderIsReadByDefault() throws Exception {
        refused(get("/reports", "Authorization", "Bearer " + keys.reader), 401, "missing_api_key");
        refused(get("/reports?api_key=" + keys.reader), 401, "missing_api_key");
    }

    @Test
    void aConfiguredHeaderNameAuthorizationSchemesAndQueryParameterAreReadAndHidden() throws Exception {
        with(settings -> settings.withHeaderName("X-Custom-Key"), app -> {
            assertThat(served(send(app, "GET", "/reports", "X-Custom-Key", keys.reader), "reports"))
                    .containsEntry("x-custom-key", "null");
            refused(send(app, "GET", "/reports", "X-API-Key", keys.reader), 401, "missing_api_key");
        });
        with(
                settings -> settings.withAuthorizationSchemes(AuthorizationScheme.BEARER, AuthorizationScheme.API_KEY),
                app -> {
                    assertThat(served(
                                    send(app, "GET", "/reports", "Authorization", "Bearer " + keys.reader), "reports"))
                            .containsEntry("authorization", "null")
                            .containsEntry("principal", keys.readerId);
                    served(send(app, "GET", "/reports", "Authorization", "ApiKey " + keys.reader), "reports");
                    refused(
                            send(app, "GET", "/reports", "Authorization", "Basic " + keys.reader),
                            401,
                            "missing_api_key");
                });
        with(settings -> settings.withQueryParameter("api_key"), app -> {
            Map<String, String> echo = served(send(app, "GET", "/reports?x=1&api_key=" + keys.reader), "reports");
            assertThat(echo.get("query")).doesNotContain(keys.reader);
        });
    }

    @Test
    void openEndpointsServeButNeverSeeAKey() throws Exception {
        assertThat(served(get("/health", "X-API-Key", keys.reader), "health"))
                .containsEntry("x-api-key", "null")
                .containsEntry("principal", "-");
        assertThat(served(get("/health", "X-API-Key", ConformanceKeys.unknown()), "health"))
                .containsEntry("x-api-key", "null");
    }

    // ---- the client's address and transport ----

    @Test
    void forwardingHeadersCountOnlyFromTrustedProxiesAndOnlyTheConfiguredOne() throws Exception {
        refused(
                get("/secure", "X-API-Key", keys.fromDocumentationNetwork, "X-Forwarded-For", "192.0.2.7"),
                403,
                "network_not_allowed");
        with(
                settings -> settings.withTrustedProxies(ForwardedHeaders.X_FORWARDED_FOR, "127.0.0.1/32", "::1/128"),
                app -> {
                    served(
                            send(
                                    app,
                                    "GET",
                                    "/secure",
                                    "X-API-Key",
                                    keys.fromDocumentationNetwork,
                                    "X-Forwarded-For",
                                    "192.0.2.7"),
                            "secure");
                    refused(
                            send(
                                    app,
                                    "GET",
                                    "/secure",
                                    "X-API-Key",
                                    keys.fromDocumentationNetwork,
                                    "X-Forwarded-For",
                                    "192.0.2.7, 198.51.100.1"),
                            403,
                            "network_not_allowed");
                    refused(
                            send(
                                    app,
                                    "GET",
                                    "/secure",
                                    "X-API-Key",
                                    keys.fromDocumentationNetwork,
                                    "Forwarded",
                                    "for=192.0.2.7"),
                            403,
                            "network_not_allowed");
                });
        with(settings -> settings.withTrustedProxies(ForwardedHeaders.FORWARDED, "127.0.0.1/32", "::1/128"), app -> {
            served(
                    send(
                            app,
                            "GET",
                            "/secure",
                            "X-API-Key",
                            keys.fromDocumentationNetwork,
                            "Forwarded",
                            "for=192.0.2.7"),
                    "secure");
            refused(
                    send(
                            app,
                            "GET",
                            "/secure",
                            "X-API-Key",
                            keys.fromDocumentationNetwork,
                            "Forwarded",
                            "for=192.0.2.7;x=\""),
                    403,
                    "network_not_allowed");
            refused(
                    send(
                            app,
                            "GET",
                            "/secure",
                            "X-API-Key",
                            keys.fromDocumentationNetwork,
                            "X-Forwarded-For",
                            "192.0.2.7"),
                    403,
                    "network_not_allowed");
        });
    }

    @Test
    void keysOverPlainHttpAreRefusedWhenHttpsIsRequired() throws Exception {
        with(
                settings -> settings.withRequireSecureTransport(true),
                app -> refused(send(app, "GET", "/reports", "X-API-Key", keys.reader), 403, "https_required"));
        with(
                settings -> settings.withRequireSecureTransport(true)
                        .withTrustedProxies(ForwardedHeaders.X_FORWARDED_FOR, "127.0.0.1/32", "::1/128"),
                app -> {
                    served(
                            send(
                                    app,
                                    "GET",
                                    "/reports",
                                    "X-API-Key",
                                    keys.reader,
                                    "X-Forwarded-Proto",
                                    "https",
                                    "X-Forwarded-For",
                                    "192.0.2.7"),
                            "reports");
                    served(send(app, "GET", "/health"), "health");
                });
    }

    @Test
    void aClientWithTooManyFailedAttemptsIsRefusedBeforeItsKeyIsLookedAt() throws Exception {
        with(settings -> settings.withFailedAttemptLimit(RateLimit.parse("2/1m")), app -> {
            refused(send(app, "GET", "/reports"), 401, "missing_api_key");
            refused(send(app, "GET", "/reports", "X-API-Key", ConformanceKeys.unknown()), 401, "invalid_api_key");
            HttpResponse<String> blocked = send(app, "GET", "/reports", "X-API-Key", keys.reader);
            refused(blocked, 429, "too_many_failed_attempts");
            assertThat(Long.parseLong(
                            blocked.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 60L);
            served(send(app, "GET", "/health"), "health");
        });
    }
}
