package dev.apikey.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.spring.conformance.NettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.reactive.UrlHandlerFilter;
import reactor.core.publisher.Mono;

/**
 * WebFlux requests whose method or path something changes after the key filter decided them (a hidden-method form
 * field, a trailing-slash filter) are decided for the handler that actually runs; a static resource under a path
 * rule needs a key.
 */
final class WebFluxRequestsTest {

    @RestController
    static class Endpoints {
        @DeleteMapping("/items/1")
        @RequireApiKey(scopes = "admin")
        Mono<String> delete() {
            return Mono.just("deleted");
        }

        @GetMapping("/secure")
        @RequireApiKey
        Mono<String> secure() {
            return Mono.just("secure");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Endpoints.class, NettyServer.class})
    static class App {
        /** Rewrites /secure/ to /secure, after the key filter. */
        @Bean
        UrlHandlerFilter trailingSlash() {
            return UrlHandlerFilter.trailingSlashHandler("/**").mutateRequest().build();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(
            ConfigurableApplicationContext context, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestRewrittenAfterTheKeyFilterIsDecidedForTheHandlerThatRuns() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(
                        "server.port=0",
                        "spring.main.web-application-type=reactive",
                        "spring.main.banner-mode=off",
                        "spring.webflux.hiddenmethod.filter.enabled=true",
                        "apikey.path-rules[0].pattern=/admin/*")
                .run()) {
            String plain = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("plain").build())
                    .secret();
            String admin = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("admin").scopes("admin").build())
                    .secret();
            String[] form = {"Content-Type", "application/x-www-form-urlencoded"};

            HttpResponse<String> hidden = send(context, "POST", "/items/1", "_method=DELETE", form);
            assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(401);
            assertThat(send(context, "POST", "/items/1", "_method=DELETE", "Content-Type", form[1], "X-API-Key", plain)
                            .statusCode())
                    .as("a key without the handler's scope")
                    .isEqualTo(403);
            assertThat(send(context, "POST", "/items/1", "_method=DELETE", "Content-Type", form[1], "X-API-Key", admin)
                            .body())
                    .isEqualTo("deleted");

            assertThat(send(context, "GET", "/secure/", null).statusCode())
                    .as("rewritten to /secure")
                    .isEqualTo(401);
            assertThat(send(context, "GET", "/secure/", null, "X-API-Key", plain)
                            .body())
                    .isEqualTo("secure");

            HttpResponse<String> file = send(context, "GET", "/admin/secret.txt", null);
            assertThat(file.statusCode()).isEqualTo(401);
            assertThat(file.body()).doesNotContain("top secret");
            assertThat(send(context, "GET", "/admin/secret.txt", null, "X-API-Key", plain)
                            .body())
                    .contains("top secret");
            for (String path : List.of(
                    "//admin/secret.txt", "/%2Fadmin/secret.txt", "/./admin/secret.txt", "/admin//secret.txt")) {
                HttpResponse<String> sideways = send(context, "GET", path, null);

                assertThat(sideways.statusCode()).as(path).isIn(400, 401, 403, 404);
                assertThat(sideways.body()).as(path).doesNotContain("top secret");
            }
        }
    }
}
