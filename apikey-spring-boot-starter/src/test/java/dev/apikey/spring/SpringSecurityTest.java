package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RateLimit;
import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyPrincipal;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Security applications over real HTTP: apikey's chain when the application has none, and a chain of the
 * application's own with {@link ApiKeyConfigurer} — the key as the Authentication ({@code SCOPE_} authorities,
 * {@code @PreAuthorize}, {@code hasAuthority}), apikey's problem details for every refusal, no session, and a key
 * verified (and charged) once per request.
 */
final class SpringSecurityTest {

    @RestController
    static class Endpoints {
        @GetMapping("/reports/daily")
        @RequireApiKey
        String daily(@AuthenticationPrincipal ApiKeyPrincipal principal) {
            return "daily " + principal.name() + " "
                    + SecurityContextHolder.getContext().getAuthentication().getAuthorities();
        }

        @GetMapping("/reports/annual")
        @PreAuthorize("hasAuthority('SCOPE_reports:annual')")
        String annual() {
            return "annual";
        }

        @GetMapping("/reports/costly")
        @RequireApiKey(cost = 2)
        @PreAuthorize("hasAuthority('SCOPE_reports:read')")
        String costly() {
            return "costly";
        }

        @GetMapping("/reports/later")
        @RequireApiKey
        Callable<String> later(@AuthenticationPrincipal ApiKeyPrincipal principal) {
            return () -> "later " + principal.name();
        }

        @GetMapping("/reports/broken")
        @RequireApiKey
        String broken() {
            throw new IllegalStateException("the handler failed");
        }

        @PostMapping("/reports")
        @RequireApiKey
        String post() {
            return "posted";
        }

        @GetMapping("/public")
        String open() {
            return "public "
                    + (SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthenticationToken);
        }
    }

    /** No chain of its own: apikey's. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import(Endpoints.class)
    static class DefaultChainApp {}

    /** Its own chain: URL rules by authority, keys added with the configurer. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import(Endpoints.class)
    static class OwnChainApp {
        @Bean
        SecurityFilterChain api(HttpSecurity http) throws Exception {
            return http.with(ApiKeyConfigurer.apiKeys(), Customizer.withDefaults())
                    .authorizeHttpRequests(requests -> requests.requestMatchers("/public")
                            .permitAll()
                            .requestMatchers("/reports/**")
                            .hasAuthority("SCOPE_reports:read")
                            .anyRequest()
                            .authenticated())
                    .build();
        }
    }

    private static String issue(ConfigurableApplicationContext context, KeySpec spec) {
        return context.getBean(ApiKeys.class).issue(spec).secret();
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void withoutAChainOfItsOwnTheApplicationGetsApikeysAndTheAnnotationsDecide() throws Exception {
        try (ConfigurableApplicationContext context = TestApplications.start(DefaultChainApp.class)) {
            String reader = issue(
                    context, KeySpec.builder("reader").scopes("reports:read").build());

            HttpResponse<String> served = TestApplications.get(context, "/reports/daily", "X-API-Key", reader);
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("daily reader [SCOPE_reports:read]");
            assertThat(served.headers().allValues("Set-Cookie"))
                    .as("no session")
                    .isEmpty();

            problem(TestApplications.get(context, "/reports/daily"), 401, "missing_api_key");
            problem(TestApplications.get(context, "/reports/daily", "X-API-Key", reader + "x"), 401, "invalid_api_key");
            assertThat(TestApplications.get(context, "/public").body())
                    .as("unannotated, open by default; no key, no authentication")
                    .isEqualTo("public false");
            assertThat(TestApplications.get(context, "/public", "X-API-Key", reader)
                            .body())
                    .as("an open endpoint does not look at a key, as without Spring Security")
                    .isEqualTo("public false");

            // @PreAuthorize alone makes the endpoint need a key; its expression then judges the key's authorities.
            problem(TestApplications.get(context, "/reports/annual"), 401, "missing_api_key");
            problem(TestApplications.get(context, "/reports/annual", "X-API-Key", reader), 403, "insufficient_scope");
            String annual = issue(
                    context, KeySpec.builder("annual").scopes("reports:annual").build());
            assertThat(TestApplications.get(context, "/reports/annual", "X-API-Key", annual)
                            .statusCode())
                    .as("@PreAuthorize with the key's scope")
                    .isEqualTo(200);
        }
    }

    @Test
    void aChainOfTheApplicationsOwnAuthorizesByTheKeysScopes() throws Exception {
        try (ConfigurableApplicationContext context = TestApplications.start(OwnChainApp.class)) {
            String reader = issue(
                    context, KeySpec.builder("reader").scopes("reports:read").build());
            String other =
                    issue(context, KeySpec.builder("other").scopes("orders").build());

            assertThat(TestApplications.get(context, "/reports/daily", "X-API-Key", reader)
                            .statusCode())
                    .isEqualTo(200);
            problem(TestApplications.get(context, "/reports/daily", "X-API-Key", other), 403, "insufficient_scope");
            HttpResponse<String> missing = TestApplications.get(context, "/reports/daily");
            problem(missing, 401, "missing_api_key");
            assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("ApiKey realm=\"api\"");
            problem(TestApplications.get(context, "/reports/daily", "X-API-Key", reader + "x"), 401, "invalid_api_key");
            assertThat(TestApplications.get(context, "/public").statusCode()).isEqualTo(200);
            problem(TestApplications.get(context, "/elsewhere"), 401, "missing_api_key");
        }
    }

    @Test
    void aKeyIsVerifiedAndChargedOnceWhicheverAsksFirst() throws Exception {
        try (ConfigurableApplicationContext context = TestApplications.start(OwnChainApp.class)) {
            // The URL rule asks first (cost 1), the interceptor then only checks the handler's requirement.
            String once = issue(
                    context,
                    KeySpec.builder("once")
                            .scopes("reports:read")
                            .rateLimit(RateLimit.parse("1/1h"))
                            .build());
            assertThat(TestApplications.get(context, "/reports/daily", "X-API-Key", once)
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> second = TestApplications.get(context, "/reports/daily", "X-API-Key", once);
            problem(second, 429, "rate_limited");
            assertThat(second.headers().firstValue("Retry-After")).isPresent();

            // The URL rule charges one request; the handler's cost of 2 then charges one more, not two.
            String two = issue(
                    context,
                    KeySpec.builder("two")
                            .scopes("reports:read")
                            .rateLimit(RateLimit.parse("2/1h"))
                            .build());
            HttpResponse<String> costly = TestApplications.get(context, "/reports/costly", "X-API-Key", two);
            assertThat(costly.statusCode()).as(costly.body()).isEqualTo(200);
            assertThat(costly.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            problem(TestApplications.get(context, "/reports/costly", "X-API-Key", two), 429, "rate_limited");
        }
        try (ConfigurableApplicationContext context = TestApplications.start(DefaultChainApp.class)) {
            // permitAll asks nothing: the interceptor verifies with the handler's cost (2), @PreAuthorize reuses it.
            String twice = issue(
                    context,
                    KeySpec.builder("twice")
                            .scopes("reports:read")
                            .rateLimit(RateLimit.parse("2/1h"))
                            .build());
            HttpResponse<String> first = TestApplications.get(context, "/reports/costly", "X-API-Key", twice);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            problem(TestApplications.get(context, "/reports/costly", "X-API-Key", twice), 429, "rate_limited");
        }
    }

    @Test
    void inAChainOfItsOwnAsyncHandlersErrorsAndPostsKeepTheKeysAuthentication() throws Exception {
        try (ConfigurableApplicationContext context = TestApplications.start(OwnChainApp.class)) {
            String reader = issue(
                    context, KeySpec.builder("reader").scopes("reports:read").build());

            HttpResponse<String> later = TestApplications.get(context, "/reports/later", "X-API-Key", reader);
            assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
            assertThat(later.body()).isEqualTo("later reader");
            assertThat(later.headers().allValues("Set-Cookie")).isEmpty();

            assertThat(TestApplications.get(context, "/reports/broken", "X-API-Key", reader)
                            .statusCode())
                    .as("the handler's own failure, not a refusal")
                    .isEqualTo(500);

            HttpResponse<String> posted = TestApplications.send(context, "POST", "/reports", "X-API-Key", reader);
            assertThat(posted.statusCode())
                    .as("a key is no ambient credential: no CSRF token needed")
                    .isEqualTo(200);
            problem(
                    TestApplications.send(context, "POST", "/reports", "X-API-Key", reader + "x"),
                    401,
                    "invalid_api_key");
        }
    }

    @Test
    void requestsThatReachNoHandlerAreNeitherChargedNorCountedAfterwards() throws Exception {
        try (ConfigurableApplicationContext context =
                TestApplications.start(DefaultChainApp.class, "apikey.failed-attempt-limit=2/1h")) {
            String once = issue(
                    context,
                    KeySpec.builder("once")
                            .scopes("reports:read")
                            .rateLimit(RateLimit.parse("1/1h"))
                            .build());
            assertThat(TestApplications.send(context, "DELETE", "/reports/daily", "X-API-Key", once)
                            .statusCode())
                    .isEqualTo(405);
            assertThat(TestApplications.get(context, "/nowhere", "X-API-Key", "ak_bogus")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(TestApplications.get(context, "/nowhere", "X-API-Key", "ak_bogus")
                            .statusCode())
                    .isEqualTo(404);

            assertThat(TestApplications.get(context, "/reports/daily", "X-API-Key", once)
                            .statusCode())
                    .as("neither the 405 charged the key nor the 404s blocked the client")
                    .isEqualTo(200);
        }
    }
}
