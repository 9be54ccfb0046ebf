package dev.apikey.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.spring.conformance.NettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A key sent as a query parameter never reaches a log line: Spring Boot logs the request's URI when a handler fails
 * (500), at ERROR, from an error handler that sees the exchange as received, before any filter.
 */
final class QueryKeyLoggingTest {

    @RestController
    static class Endpoints {
        @GetMapping("/fails")
        @RequireApiKey
        Mono<String> fails() {
            return Mono.error(new IllegalStateException("the handler failed"));
        }

        @GetMapping("/query")
        @RequireApiKey
        Mono<String> query(ServerHttpRequest request) {
            return Mono.just("query=" + request.getURI().getRawQuery());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Endpoints.class, NettyServer.class})
    static class App {}

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void aQueryParameterKeyIsNotInTheErrorLogOfAFailingHandler() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(
                        "server.port=0",
                        "spring.main.web-application-type=reactive",
                        "spring.main.banner-mode=off",
                        "apikey.query-parameter=api_key")
                .run()) {
            log.start();
            root.addAppender(log);
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("query").build())
                    .secret();
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> failed = get(base + "/fails?page=2&api_key=" + key);
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain(key);
            assertThat(log.list)
                    .as("Spring Boot logged the failure")
                    .anySatisfy(event -> assertThat(event.getFormattedMessage())
                            .contains("500 Server Error")
                            .contains("/fails?page=2"));

            assertThat(get(base + "/query?api_key=" + key + "&page=3").body()).isEqualTo("query=page=3");
            assertThat(get(base + "/query?cursor=YWJj==&a=%7Bx%7D&api_key=" + key + "&b=%2B%26")
                            .body())
                    .as("the rest of the query as sent, byte for byte")
                    .isEqualTo("query=cursor=YWJj==&a=%7Bx%7D&b=%2B%26");
            assertThat(get(base + "/query?api_key=" + key.substring(0, key.length() - 1))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(base + "/query").statusCode()).isEqualTo(401);
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain("api_key=");
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                        .doesNotContain("api_key=");
            }
        });
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
