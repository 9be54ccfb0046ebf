package dev.apikey.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.spring.ApiKeyServerSecurityCustomizer;
import dev.apikey.spring.conformance.NettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Spring Security on WebFlux over real HTTP: apikey's chain when the application has none, and a chain of its own
 * with {@link ApiKeyServerSecurityCustomizer} — the key as the reactive Authentication, apikey's problem details
 * for every refusal.
 */
final class ReactiveSpringSecurityTest {

    @RestController
    static class Endpoints {
        @GetMapping("/reports/daily")
        @RequireApiKey
        Mono<String> daily() {
            return ReactiveSecurityContextHolder.getContext()
                    .map(context -> "daily "
                            + ((ApiKeyPrincipal) context.getAuthentication().getPrincipal()).name() + " "
                            + context.getAuthentication().getAuthorities());
        }

        @GetMapping("/reports/open")
        Mono<String> open() {
            return ReactiveSecurityContextHolder.getContext()
                    .map(context -> "open " + context.getAuthentication().getName())
                    .defaultIfEmpty("open anonymous");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Endpoints.class, NettyServer.class})
    static class DefaultChainApp {}

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Endpoints.class, NettyServer.class})
    static class OwnChainApp {
        @Bean
        SecurityWebFilterChain api(ServerHttpSecurity http, ApiKeyServerSecurityCustomizer apiKeys) {
            apiKeys.customize(http);
            return http.authorizeExchange(exchanges -> exchanges
                            .pathMatchers("/reports/**")
                            .hasAuthority("SCOPE_reports:read")
                            .anyExchange()
                            .authenticated())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app) {
        return new SpringApplicationBuilder(app)
                .properties("server.port=0", "spring.main.web-application-type=reactive", "spring.main.banner-mode=off")
                .run();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private static String issue(ConfigurableApplicationContext context, String name, String... scopes) {
        return context.getBean(ApiKeys.class)
                .issue(KeySpec.builder(name).scopes(scopes).build())
                .secret();
    }

    @Test
    void withoutAChainOfItsOwnTheApplicationGetsApikeysAndTheAnnotationsDecide() throws Exception {
        try (ConfigurableApplicationContext context = start(DefaultChainApp.class)) {
            String reader = issue(context, "reader", "reports:read");

            HttpResponse<String> served = get(context, "/reports/daily", reader);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("daily reader [SCOPE_reports:read]");
            assertThat(served.headers().allValues("Set-Cookie")).isEmpty();
            problem(get(context, "/reports/daily", null), 401, "missing_api_key");
            problem(get(context, "/reports/daily", reader + "x"), 401, "invalid_api_key");
            assertThat(get(context, "/reports/open", reader).body())
                    .as("an open endpoint does not look at a key")
                    .isEqualTo("open anonymous");
        }
    }

    @Test
    void aChainOfTheApplicationsOwnAuthorizesByTheKeysScopes() throws Exception {
        try (ConfigurableApplicationContext context = start(OwnChainApp.class)) {
            String reader = issue(context, "reader", "reports:read");
            String other = issue(context, "other", "orders");

            assertThat(get(context, "/reports/daily", reader).statusCode()).isEqualTo(200);
            assertThat(get(context, "/reports/open", reader).body())
                    .as("the chain's rule asked: the key was verified there")
                    .startsWith("open key_");
            problem(get(context, "/reports/open", other), 403, "insufficient_scope");
            problem(get(context, "/reports/open", null), 401, "missing_api_key");
            problem(get(context, "/reports/open", reader + "x"), 401, "invalid_api_key");
            problem(get(context, "/elsewhere", null), 401, "missing_api_key");
        }
    }
}
