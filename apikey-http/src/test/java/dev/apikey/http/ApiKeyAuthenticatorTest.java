package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.KeyValidator;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.ScopeMatch;
import dev.apikey.Verification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The decisions of the HTTP layer without any framework: the status table, the headers of each refusal, where keys
 * are read, what is hidden, and that nothing fails open. Integrations answer what this decides; the conformance
 * kit checks they do, over real HTTP.
 */
final class ApiKeyAuthenticatorTest {

    private final ApiKeys apiKeys = ApiKeys.builder().build();
    private final String reader = apiKeys.issue(
                    KeySpec.builder("reader").scopes("reports:read").build())
            .secret();

    @AfterEach
    void close() {
        apiKeys.close();
    }

    private static EndpointRequirement require(String... scopes) {
        return EndpointRequirement.require(Set.of(scopes), ScopeMatch.ALL, "test");
    }

    private static ScriptedRequest request(String... lines) {
        return ScriptedRequest.parse(String.join("\n", lines));
    }

    private static Refusal refused(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused) decision).refusal();
    }

    @Test
    void aValidKeyWithTheScopesIsAllowedAndItsPlaceIsToBeHidden() {
        ApiKeyAuthenticator authenticator =
                ApiKeyAuthenticator.builder().apiKeys(apiKeys).build();

        Decision decision = authenticator.decide(request("X-API-Key: " + reader), require("reports:read"));

        assertThat(decision).isInstanceOfSatisfying(Decision.Allowed.class, allowed -> {
            assertThat(allowed.key())
                    .hasValueSatisfying(key -> assertThat(key.name()).isEqualTo("reader"));
            assertThat(allowed.hide()).isEqualTo(new KeySources(Set.of("x-api-key"), null));
            assertThat(allowed.headers()).isEmpty();
        });
    }

    @Test
    void everyRefusalCarriesItsStatusCodeAndHeaders() {
        ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
                .apiKeys(apiKeys)
                .realm("billing")
                .retryAfter(Duration.ofSeconds(42))
                .build();

        Refusal missing = refused(authenticator.decide(request(), require()));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("missing_api_key");
        assertThat(missing.detail()).contains("X-API-Key");
        assertThat(missing.reason()).contains(Verification.Reason.MISSING);
        assertThat(missing.headers())
                .containsExactly(
                        Map.entry("Cache-Control", "no-store"),
                        Map.entry("WWW-Authenticate", "ApiKey realm=\"billing\""));

        Refusal invalid = refused(authenticator.decide(
                request("X-API-Key: " + KeyGenerator.secure().generate()), require()));
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.code()).isEqualTo("invalid_api_key");

        Refusal scope = refused(authenticator.decide(request("X-API-Key: " + reader), require("keys:admin")));
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.code()).isEqualTo("insufficient_scope");
        assertThat(scope.detail()).contains("keys:admin");
        assertThat(scope.headers()).containsExactly(Map.entry("Cache-Control", "no-store"));

        Refusal ambiguous = refused(authenticator.decide(
                request(
                        "X-API-Key: " + reader,
                        "X-API-Key: " + KeyGenerator.secure().generate()),
                require()));
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.code()).isEqualTo("ambiguous_api_key");

        Refusal denied =
                refused(authenticator.decide(request("X-API-Key: " + reader), EndpointRequirement.deny("test")));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("forbidden");

        Refusal unavailable = authenticator.unavailable();
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers()).containsEntry("Retry-After", "42").containsEntry("Cache-Control", "no-store");
        assertThat(ApiKeyAuthenticator.defaultUnavailable().headers()).containsEntry("Retry-After", "5");
    }

    @Test
    void aValidatorThatThrowsOrAnswersNothingIsA503NeverAnAllow() {
        KeyValidator throwing = (key, context) -> {
            throw new IllegalStateException("store down");
        };
        KeyValidator silent = (key, context) -> null;
        for (KeyValidator validator : List.of(throwing, silent)) {
            ApiKeyAuthenticator authenticator =
                    ApiKeyAuthenticator.builder().validator(validator).build();

            Refusal refusal = refused(authenticator.decide(request("X-API-Key: " + reader), require()));

            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.code()).isEqualTo("auth_unavailable");
            assertThat(refusal.headers()).containsEntry("Retry-After", "5");
        }
    }

    @Test
    void anOpenEndpointIsAllowedWithoutAKeyButSaysWhereOneWasSent() {
        ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
                .apiKeys(apiKeys)
                .authorizationSchemes(AuthorizationScheme.BEARER)
                .queryParameter("api_key")
                .build();

        Decision open = authenticator.decide(
                request("Authorization: Bearer " + reader, "?api_key=" + reader), EndpointRequirement.permit("test"));

        assertThat(open).isInstanceOfSatisfying(Decision.Allowed.class, allowed -> {
            assertThat(allowed.key()).isEmpty();
            assertThat(allowed.hide()).isEqualTo(new KeySources(Set.of("authorization"), "api_key"));
        });
        assertThat(authenticator.presented(request())).isEqualTo(KeySources.NONE);
    }

    @Test
    void limitsGiveRateLimitFieldsAndA429WithRetryAfter() {
        String metered = apiKeys.issue(KeySpec.builder("metered")
                        .rateLimit(RateLimit.parse("1/1m"))
                        .quota(Quota.parse("100/day"))
                        .build())
                .secret();
        ApiKeyAuthenticator authenticator =
                ApiKeyAuthenticator.builder().apiKeys(apiKeys).build();

        Decision first = authenticator.decide(request("X-API-Key: " + metered), require());
        assertThat(first)
                .isInstanceOfSatisfying(
                        Decision.Allowed.class,
                        allowed -> assertThat(allowed.headers())
                                .containsKeys("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"));

        Refusal limited = refused(authenticator.decide(request("X-API-Key: " + metered), require()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.headers()).containsKeys("RateLimit-Limit", "Retry-After", "Cache-Control");
        assertThat(Long.parseLong(limited.headers().get("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void httpsIsRequiredBeforeAnyKeyIsRead() {
        ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
                .apiKeys(apiKeys)
                .requireSecureTransport(true)
                .trustedProxies("10.0.0.0/8")
                .build();

        assertThat(refused(authenticator.decide(request("X-API-Key: " + reader), require()))
                        .code())
                .isEqualTo("https_required");
        assertThat(authenticator.decide(request("!secure", "X-API-Key: " + reader), require()))
                .isInstanceOf(Decision.Allowed.class);
        assertThat(authenticator.decide(
                        request(
                                "@10.0.0.1",
                                "X-Forwarded-Proto: https",
                                "X-Forwarded-For: 192.0.2.9",
                                "X-API-Key: " + reader),
                        require()))
                .as("behind a trusted proxy that saw HTTPS")
                .isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void failedAttemptsBlockAClientBeforeItsNextKeyIsLookedAt() {
        ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
                .apiKeys(apiKeys)
                .failedAttemptLimit(RateLimit.parse("2/1m"))
                .build();
        for (int i = 0; i < 2; i++) {
            assertThat(refused(authenticator.decide(request("@192.0.2.7"), require()))
                            .status())
                    .isEqualTo(401);
        }

        Refusal blocked = refused(authenticator.decide(request("@192.0.2.7", "X-API-Key: " + reader), require()));

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.code()).isEqualTo("too_many_failed_attempts");
        assertThat(Long.parseLong(blocked.headers().get("Retry-After"))).isBetween(1L, 60L);
        assertThat(authenticator.decide(request("@192.0.2.8", "X-API-Key: " + reader), require()))
                .as("another client")
                .isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void aFailedAttemptLimitWithoutThePeerAddressIsWarnedAboutOnce() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiKeyAuthenticator.class);
        log.start();
        logger.addAppender(log);
        try {
            ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
                    .apiKeys(apiKeys)
                    .failedAttemptLimit(RateLimit.parse("2/1m"))
                    .build();
            authenticator.decide(request("@192.0.2.7"), require());
            assertThat(log.list).as("a peer address").isEmpty();
            for (int i = 0; i < 3; i++) {
                authenticator.decide(new NoPeer(request("X-API-Key: " + reader)), require());
            }
            assertThat(log.list)
                    .singleElement()
                    .satisfies(event -> assertThat(event.getFormattedMessage())
                            .contains("cannot see the client's address")
                            .contains("lock out all of them")
                            .doesNotContain(reader));
        } finally {
            logger.detachAppender(log);
        }
    }

    /** A scripted request whose integration cannot tell the peer's address. */
    private record NoPeer(ScriptedRequest request) implements HttpRequestView {
        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String path() {
            return request.path();
        }

        @Override
        public List<String> headers(String name) {
            return request.headers(name);
        }

        @Override
        public String rawQuery() {
            return request.rawQuery();
        }

        @Override
        public String peerAddress() {
            return null;
        }

        @Override
        public boolean secure() {
            return request.secure();
        }
    }

    @Test
    void corsPreflightsAreRecognised() {
        assertThat(ApiKeyAuthenticator.isCorsPreflight(new MethodRequest(
                        "OPTIONS", request("Origin: https://a.example", "Access-Control-Request-Method: GET"))))
                .isTrue();
        assertThat(ApiKeyAuthenticator.isCorsPreflight(
                        new MethodRequest("OPTIONS", request("Origin: https://a.example"))))
                .isFalse();
        assertThat(ApiKeyAuthenticator.isCorsPreflight(
                        request("Origin: https://a.example", "Access-Control-Request-Method: GET")))
                .as("GET")
                .isFalse();
    }

    @Test
    void settingsAreCheckedOnceAndNamed() {
        assertThatThrownBy(() -> ApiKeyAuthenticator.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a KeyValidator");
        assertThatThrownBy(() -> ApiKeyAuthenticator.builder().headerName("X API Key"))
                .hasMessageContaining("is not a valid HTTP header name");
        assertThatThrownBy(() -> ApiKeyAuthenticator.builder().realm("a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyAuthenticator.builder().realm("a").realm("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("realm was already set");
        assertThatThrownBy(() -> ApiKeyAuthenticator.builder()
                        .apiKeys(apiKeys)
                        .failedAttemptIpv6Prefix(56)
                        .build())
                .hasMessageContaining("has no effect without failedAttemptLimit");
        assertThat(ApiKeyAuthenticator.builder().apiKeys(apiKeys).build().toString())
                .contains("header=X-API-Key")
                .contains("failedAttemptLimit=off");
    }

    /** A scripted request with another method. */
    private record MethodRequest(String method, ScriptedRequest request) implements HttpRequestView {
        @Override
        public String path() {
            return request.path();
        }

        @Override
        public List<String> headers(String name) {
            return request.headers(name);
        }

        @Override
        public String rawQuery() {
            return request.rawQuery();
        }

        @Override
        public String peerAddress() {
            return request.peerAddress();
        }

        @Override
        public boolean secure() {
            return request.secure();
        }
    }
}
