package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot MVC application on a random port with the starter alone: the annotations are honoured. */
final class MvcAnnotationsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Reports.class, Admin.class, SecureItems.class, OpenItems.class})
    static class App {}

    @RestController
    @RequireApiKey
    static class Reports {
        @GetMapping("/reports")
        String reports() {
            return "reports";
        }

        @GetMapping("/reports/health")
        @PermitAll
        String health() {
            return "ok";
        }
    }

    @RestController
    static class Admin {
        @GetMapping("/admin")
        @DenyAll
        String admin() {
            return "admin";
        }

        @GetMapping("/open")
        String open() {
            return "open";
        }

        @GetMapping("/scoped")
        @RequireApiKey(scopes = "reports:write")
        String scoped() {
            return "scoped";
        }
    }

    /** One handler method, inherited by two controllers whose class annotations differ. */
    abstract static class Items {
        @GetMapping("/item")
        String item() {
            return "item";
        }
    }

    @RestController
    @RequestMapping("/secure-items")
    @RequireApiKey
    static class SecureItems extends Items {}

    @RestController
    @RequestMapping("/open-items")
    static class OpenItems extends Items {}

    private static ConfigurableApplicationContext context;
    private static String key;

    @BeforeAll
    static void start() {
        context = TestApplications.start(App.class);
        key = context.getBean(ApiKeys.class)
                .issue(KeySpec.builder("test").scopes("reports:read").build())
                .secret();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static HttpResponse<String> get(String path, String apiKey) throws Exception {
        return apiKey == null
                ? TestApplications.get(context, path)
                : TestApplications.get(context, path, "X-API-Key", apiKey);
    }

    @Test
    void aClassAnnotationProtectsItsMethods() throws Exception {
        HttpResponse<String> refused = get("/reports", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(refused.body()).contains("\"code\":\"missing_api_key\"");

        assertThat(get("/reports", key).body()).isEqualTo("reports");
        String altered = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");
        assertThat(get("/reports", altered).statusCode()).isEqualTo(401);
    }

    @Test
    void methodAnnotationsWinOverTheClass() throws Exception {
        assertThat(get("/reports/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/admin", key).statusCode()).isEqualTo(403);
        assertThat(get("/scoped", key).statusCode()).isEqualTo(403);
        assertThat(get("/scoped", key).body()).contains("insufficient_scope");
    }

    @Test
    void unannotatedEndpointsFollowTheOpenDefault() throws Exception {
        assertThat(get("/open", null).body()).isEqualTo("open");
    }

    @Test
    void anInheritedHandlerFollowsEachControllersOwnAnnotations() throws Exception {
        assertThat(get("/open-items/item", null).statusCode()).isEqualTo(200);
        assertThat(get("/secure-items/item", null).statusCode()).isEqualTo(401);
        assertThat(get("/secure-items/item", key).statusCode()).isEqualTo(200);
        assertThat(get("/open-items/item", null).statusCode()).isEqualTo(200);
    }
}
