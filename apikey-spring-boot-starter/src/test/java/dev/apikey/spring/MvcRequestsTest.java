package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RateLimit;
import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyFilter;
import dev.apikey.servlet.ApiKeyPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a Spring MVC handler sees of a request the starter let through (principal, MDC, no key), CORS preflights,
 * async handlers (verified and charged once), and the request-level properties.
 */
final class MvcRequestsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Endpoints.class)
    static class App {
        /** A servlet of the application's own, beside Spring's dispatcher. */
        @Bean
        ServletRegistrationBean<HttpServlet> rawServlet() {
            return new ServletRegistrationBean<>(
                    new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                                throws IOException {
                            response.getWriter()
                                    .write("raw " + request.getRemoteUser() + " " + request.getHeader("X-API-Key"));
                        }
                    },
                    "/raw/*");
        }
    }

    @RestController
    @RequireApiKey
    static class Endpoints {
        @GetMapping("/whoami")
        String whoami(Principal principal, HttpServletRequest request) {
            ApiKeyPrincipal key = ApiKeyPrincipal.from(request).orElseThrow();
            return principal.getName() + " " + key.name() + " " + request.getRemoteUser() + " "
                    + request.isUserInRole("reports:read") + " " + MDC.get(ApiKeyFilter.MDC_KEY) + " "
                    + request.getHeader("X-API-Key");
        }

        @GetMapping("/later")
        Callable<String> later(Principal principal) {
            return () -> "later " + principal.getName();
        }

        @GetMapping("/shared")
        @CrossOrigin(origins = "https://app.example.com")
        String shared() {
            return "shared";
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return TestApplications.start(App.class, properties);
    }

    @Test
    void theHandlerSeesThePrincipalAndTheKeysIdInTheMdcButNeverTheKey() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            var issued = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("reporting").scopes("reports:read").build());

            HttpResponse<String> response =
                    TestApplications.send(context, "GET", "/whoami", "X-API-Key", issued.secret());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .isEqualTo(issued.id() + " reporting " + issued.id() + " true " + issued.id() + " null");
        }
    }

    @Test
    void withHidingOffTheHandlerReadsTheKeyHeader() throws Exception {
        try (ConfigurableApplicationContext context = start("apikey.hide-key-from-application=false")) {
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("plain").build())
                    .secret();

            assertThat(TestApplications.send(context, "GET", "/whoami", "X-API-Key", key)
                            .body())
                    .endsWith(" " + key);
        }
    }

    @Test
    void anAsyncHandlerIsVerifiedAndChargedOnceAndKeepsItsPrincipal() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            var issued = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("once")
                            .rateLimit(RateLimit.parse("1/1h"))
                            .build());

            HttpResponse<String> first = TestApplications.send(context, "GET", "/later", "X-API-Key", issued.secret());
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("later " + issued.id());
            assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("0");

            assertThat(TestApplications.send(context, "GET", "/later", "X-API-Key", issued.secret())
                            .statusCode())
                    .as("the one request of the hour was used by the first call, not by its async dispatch")
                    .isEqualTo(429);
        }
    }

    @Test
    void aCorsPreflightPassesWithoutAKeyUnlessTurnedOff() throws Exception {
        String[] preflight = {"Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"};
        // Spring answers a preflight itself, by a handler of its own (never the controller's method), so the
        // path rules and the default decide it: here they require a key.
        try (ConfigurableApplicationContext context = start("apikey.require-by-default=true")) {
            HttpResponse<String> response = TestApplications.send(context, "OPTIONS", "/shared", preflight);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://app.example.com");

            assertThat(TestApplications.send(context, "GET", "/shared", "Origin", "https://app.example.com")
                            .statusCode())
                    .as("the request itself still needs a key")
                    .isEqualTo(401);
            assertThat(TestApplications.send(context, "OPTIONS", "/shared", "Origin", "https://app.example.com")
                            .statusCode())
                    .as("an OPTIONS request that is not a preflight")
                    .isEqualTo(401);
        }
        try (ConfigurableApplicationContext context =
                start("apikey.require-by-default=true", "apikey.cors-preflight-without-key=false")) {
            assertThat(TestApplications.send(context, "OPTIONS", "/shared", preflight)
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void problemTypesFollowTheConfiguredBase() throws Exception {
        try (ConfigurableApplicationContext context =
                start("apikey.problem-type-base=https://api.example.com/problems/")) {
            assertThat(TestApplications.send(context, "GET", "/whoami").body())
                    .contains("\"type\":\"https://api.example.com/problems/missing_api_key\"");
        }
        assertThatThrownBy(() -> start("apikey.problem-type-base=problems/"))
                .rootCause()
                .hasMessageStartingWith("apikey.problem-type-base: ");
        assertThatThrownBy(() -> start("apikey.usage-flush-interval=-1s"))
                .rootCause()
                .hasMessageStartingWith("apikey.usage-flush-interval: ");
    }

    @Test
    void requestsToAServletOfTheApplicationsOwnFollowThePathRules() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(TestApplications.get(context, "/raw/x").body())
                    .as("open by default")
                    .isEqualTo("raw null null");
        }
        try (ConfigurableApplicationContext context = start("apikey.require-by-default=true")) {
            var issued =
                    context.getBean(ApiKeys.class).issue(KeySpec.builder("raw").build());
            assertThat(TestApplications.get(context, "/raw/x").statusCode()).isEqualTo(401);
            assertThat(TestApplications.get(context, "/raw/x", "X-API-Key", issued.secret())
                            .body())
                    .isEqualTo("raw " + issued.id() + " null");
        }
    }

    @Test
    void actuatorEndpointsFollowThePathRulesAndTheDefault() throws Exception {
        try (ConfigurableApplicationContext context = start(
                "apikey.require-by-default=true",
                "apikey.path-rules[0].pattern=/actuator/health",
                "apikey.path-rules[0].access=permit")) {
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("ops").build())
                    .secret();
            assertThat(TestApplications.get(context, "/actuator/health").statusCode())
                    .isEqualTo(200);
            assertThat(TestApplications.get(context, "/actuator").statusCode()).isEqualTo(401);
            assertThat(TestApplications.get(context, "/actuator", "X-API-Key", key)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
