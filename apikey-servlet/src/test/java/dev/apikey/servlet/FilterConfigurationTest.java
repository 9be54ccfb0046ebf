package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ScopeMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Configuration errors: each fails at build() or at init(), with a message that says what to fix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class FilterConfigurationTest {

    private final TestKeys keys = new TestKeys();

    @AfterAll
    void close() {
        keys.close();
    }

    @Test
    void builderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> ApiKeyFilter.builder().build())
                .hasMessageContaining("needs a KeyValidator")
                .hasMessageContaining("validator(apiKeys.validator())");
        assertThatThrownBy(() -> ApiKeyFilter.builder().headerName("X API Key"))
                .hasMessageContaining("not a valid HTTP header name");
        assertThatThrownBy(() -> ApiKeyFilter.builder().headerName("X-A").headerName("X-B"))
                .hasMessage("headerName was already set");
        assertThatThrownBy(() -> ApiKeyFilter.builder().realm("a\"b")).hasMessageContaining("without quotes");
        assertThatThrownBy(() -> ApiKeyFilter.builder().retryAfter(Duration.ofMillis(500)))
                .hasMessageContaining("at least one second");
        assertThatThrownBy(() -> ApiKeyFilter.builder().requireKey("api/*")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> ApiKeyFilter.builder().requireKey("/api/*/x")).hasMessageContaining("may use * only");
        assertThatThrownBy(() -> ApiKeyFilter.builder().requireKey("/api/*", "bad scope"))
                .hasMessageContaining("scope");
        assertThatThrownBy(() -> ApiKeyFilter.builder().permit("/a").deny("/a")).hasMessageContaining("already given");
        assertThatThrownBy(() -> ApiKeyFilter.builder().trustedProxies("10.0.0.1/8"))
                .hasMessageContaining("did you mean");
        assertThatThrownBy(() -> ApiKeyFilter.builder().queryParameter("a b"))
                .hasMessageContaining("not a valid parameter name");
        assertThatThrownBy(() -> AuthorizationScheme.fromToken("Digest")).hasMessageContaining("use ApiKey or Bearer");
        assertThat(ApiKeyFilter.builder()
                        .apiKeys(keys.apiKeys)
                        .requireKey("/a/*", ScopeMatch.ANY, "x", "y")
                        .build()
                        .toString())
                .contains("header=X-API-Key")
                .contains("pathRules=[/a/* require [x, y]]");
        assertThatThrownBy(() -> ForwardedHeaders.fromHeaderName("X-Real-IP"))
                .hasMessageContaining("use X-Forwarded-For or Forwarded");
        assertThatThrownBy(() -> ApiKeyFilter.builder().failedAttemptIpv6Prefix(0))
                .hasMessageContaining("between 1 and 128");
        assertThatThrownBy(() -> ApiKeyFilter.builder().failedAttemptIpv6Prefix(129))
                .hasMessageContaining("between 1 and 128");
        assertThatThrownBy(() -> ApiKeyFilter.builder()
                        .apiKeys(keys.apiKeys)
                        .failedAttemptIpv6Prefix(56)
                        .build())
                .hasMessageContaining("failedAttemptIpv6Prefix")
                .hasMessageContaining("failedAttemptLimit");
        assertThat(ApiKeyFilter.builder()
                        .apiKeys(keys.apiKeys)
                        .failedAttemptLimit(dev.apikey.RateLimit.parse("20/1m"))
                        .failedAttemptIpv6Prefix(56)
                        .build()
                        .toString())
                .contains("failedAttemptLimit=20/1m per address (IPv6 per /56)");
        assertThat(ApiKeyFilter.builder()
                        .apiKeys(keys.apiKeys)
                        .failedAttemptLimit(dev.apikey.RateLimit.parse("20/1m"))
                        .build()
                        .toString())
                .contains("failedAttemptLimit=20/1m per address (IPv6 per /64)");
    }

    @Test
    void initFailuresNameTheProblem() throws Exception {
        record Case(Deployment deployment, String expected) {}
        List<Case> cases = new ArrayList<>(List.of(
                new Case(servlets().filter(new ApiKeyFilter()), "no KeyValidator found"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("require-by-defualt", "true"),
                        "unknown init parameter 'require-by-defualt'"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("hide-key", "yes"),
                        "hide-key must be true or false"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("path-rules", "/a/* allow"),
                        "path-rules entry 1: unknown access 'allow'"),
                new Case(
                        servlets().filter(new ApiKeyFilter()).attribute("dev.apikey.ApiKeys", "text"),
                        "holds a java.lang.String, not a KeyValidator"),
                new Case(
                        servlets().filter(new ApiKeyFilter()).initParameter("validator-factory", "com.example.Missing"),
                        "validator-factory class com.example.Missing was not found"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .initParameter("validator-factory", String.class.getName()),
                        "does not implement"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("failed-attempt-limit", "20/1m")
                                .initParameter("failed-attempt-ipv6-prefix", "/129"),
                        "failed-attempt-ipv6-prefix must be between 1 and 128"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("failed-attempt-limit", "20/1m")
                                .initParameter("failed-attempt-ipv6-prefix", "sixty"),
                        "failed-attempt-ipv6-prefix must be a prefix length such as 64 or /56, got 'sixty'"),
                new Case(
                        servlets()
                                .filter(new ApiKeyFilter())
                                .attribute("dev.apikey.ApiKeys", keys.apiKeys)
                                .initParameter("failed-attempt-ipv6-prefix", "56"),
                        "without failed-attempt-limit"),
                new Case(
                        servlets()
                                .filter(ApiKeyFilter.builder()
                                        .apiKeys(keys.apiKeys)
                                        .build())
                                .initParameter("realm", "x"),
                        "configured with ApiKeyFilter.builder()"),
                new Case(
                        servlets()
                                .servlet("bad", "/bad", new ApiKeyFilterContract.BadScopeServlet())
                                .filter(ApiKeyFilter.builder()
                                        .apiKeys(keys.apiKeys)
                                        .build()),
                        "@RequireApiKey on BadScopeServlet is invalid")));
        for (Case c : cases) {
            try (JettyContainer container = new JettyContainer()) {
                assertThatThrownBy(() -> container.start(c.deployment()))
                        .satisfies(e -> assertThat(chain(e))
                                .contains("is misconfigured")
                                .contains(c.expected()));
            }
        }
    }

    private static Deployment servlets() {
        return new Deployment().servlet("secure", "/secure", new TestServlets.Secure());
    }

    private static String chain(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                messages.append(chain(suppressed));
            }
        }
        return messages.toString();
    }
}
