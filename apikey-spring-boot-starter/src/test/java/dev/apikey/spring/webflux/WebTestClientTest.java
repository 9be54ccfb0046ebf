package dev.apikey.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.spring.SecureWebFluxController;
import dev.apikey.spring.conformance.NettyServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The documented way to test a protected WebFlux endpoint: a key from the ApiKeys bean, sent by WebTestClient. */
final class WebTestClientTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({SecureWebFluxController.class, NettyServer.class})
    static class App {}

    @Test
    void aKeyFromTheApiKeysBeanOpensTheEndpoint() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.main.web-application-type=reactive", "spring.main.banner-mode=off")
                .run()) {
            WebTestClient client = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
                    .build();
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("test").build())
                    .secret();

            client.get()
                    .uri("/secure")
                    .header("X-API-Key", key)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("secure");
            String refusal = client.get()
                    .uri("/secure")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(refusal).contains("\"code\":\"missing_api_key\"");
        }
    }
}
