package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The apikey.* properties reach the HTTP layer; a bad one stops start-up with a message naming it. */
final class PropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Endpoints.class)
    static class App {}

    @RestController
    static class Endpoints {
        @GetMapping("/secure")
        @RequireApiKey
        String secure() {
            return "secure";
        }

        @GetMapping("/rules/admin/x")
        String admin() {
            return "admin";
        }

        @GetMapping("/rules/denied/x")
        String denied() {
            return "denied";
        }

        @GetMapping("/plain")
        String plain() {
            return "plain";
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return TestApplications.start(App.class, properties);
    }

    @Test
    void everyPlaceAndRuleComesFromProperties() throws Exception {
        try (ConfigurableApplicationContext context = start(
                "apikey.header-name=X-Service-Key",
                "apikey.authorization-schemes=Bearer",
                "apikey.query-parameter=api_key",
                "apikey.realm=reports",
                "apikey.prefix=rk",
                "apikey.pepper=a-pepper-of-the-test-that-is-long-enough",
                "apikey.require-by-default=true",
                "apikey.path-rules[0].pattern=/rules/admin/*",
                "apikey.path-rules[0].scopes=admin",
                "apikey.path-rules[1].pattern=/rules/denied/*",
                "apikey.path-rules[1].access=deny")) {
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("test").build())
                    .secret();
            assertThat(key).startsWith("rk_");

            assertThat(TestApplications.get(context, "/secure", "X-Service-Key", key)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(TestApplications.get(context, "/secure", "Authorization", "Bearer " + key)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(TestApplications.get(context, "/secure?api_key=" + key).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> oldHeader = TestApplications.get(context, "/secure", "X-API-Key", key);
            assertThat(oldHeader.statusCode()).isEqualTo(401);
            assertThat(oldHeader.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).contains("realm=\"reports\""));

            assertThat(TestApplications.get(context, "/plain").statusCode())
                    .as("require-by-default")
                    .isEqualTo(401);
            assertThat(TestApplications.get(context, "/plain", "X-Service-Key", key)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(TestApplications.get(context, "/rules/admin/x", "X-Service-Key", key)
                            .statusCode())
                    .as("the rule's scope")
                    .isEqualTo(403);
            assertThat(TestApplications.get(context, "/rules/denied/x", "X-Service-Key", key)
                            .statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void aBadPropertyStopsStartUpNamingIt() {
        assertThatThrownBy(() -> start("apikey.header-name=not a header"))
                .hasRootCauseInstanceOf(InvalidApiKeyPropertyException.class)
                .rootCause()
                .hasMessageStartingWith("apikey.header-name: ");
        assertThatThrownBy(() -> start("apikey.authorization-schemes=Basic"))
                .rootCause()
                .hasMessageContaining("apikey.authorization-schemes")
                .hasMessageContaining("use ApiKey or Bearer");
        assertThatThrownBy(() -> start("apikey.failed-attempt-limit=lots"))
                .rootCause()
                .hasMessageStartingWith("apikey.failed-attempt-limit: ");
        assertThatThrownBy(() -> start("apikey.path-rules[0].pattern=/x/*", "apikey.path-rules[0].access=maybe"))
                .rootCause()
                .hasMessage("apikey.path-rules[0].access: write require, permit or deny");
        assertThatThrownBy(() -> start("apikey.pepper=tiny-pepper"))
                .rootCause()
                .hasMessageStartingWith("apikey.pepper: ")
                .hasMessageNotContaining("tiny-pepper");
        assertThatThrownBy(() -> start("apikey.pepper=${APIKEY_TEST_PEPPER_THAT_IS_NOT_SET}"))
                .rootCause()
                .hasMessageStartingWith("apikey.pepper: it holds a placeholder that was not resolved");
        assertThatThrownBy(() -> start("apikey.trusted-proxies=10.0.0.0/33"))
                .rootCause()
                .hasMessageStartingWith("apikey.trusted-proxies: ");
        assertThatThrownBy(() -> start("apikey.store.type=redis"))
                .rootCause()
                .hasMessage("apikey.store.type: write auto, memory or jdbc");
        assertThatThrownBy(() -> start("apikey.store.shared-limits=true"))
                .rootCause()
                .hasMessageStartingWith("apikey.store.shared-limits: ");
    }

    @Test
    void aJdbcStoreWithoutADataSourceStopsStartUpSayingWhatToAdd() {
        // This execution runs without Spring Boot's DataSource auto-configuration: the application has none.
        assertThatThrownBy(() -> start("apikey.store.type=jdbc"))
                .hasRootCauseInstanceOf(UnusableKeyStoreException.class)
                .satisfies(failure -> {
                    FailureAnalysis analysis = new UnusableKeyStoreFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getDescription()).contains("no DataSource");
                    assertThat(analysis.getAction())
                            .contains("spring-boot-starter-jdbc")
                            .contains("spring.datasource.url");
                });
    }

    @Test
    void theFailureAnalyzerIsRegisteredAndSaysWhatToDo() throws Exception {
        List<String> registered = new ArrayList<>();
        Enumeration<URL> factories = getClass().getClassLoader().getResources("META-INF/spring.factories");
        while (factories.hasMoreElements()) {
            try (InputStream in = factories.nextElement().openStream()) {
                Properties entries = new Properties();
                entries.load(in);
                String analyzers = entries.getProperty(FailureAnalyzer.class.getName(), "");
                registered.addAll(List.of(analyzers.split("\\s*,\\s*", -1)));
            }
        }
        assertThat(registered)
                .contains(
                        InvalidApiKeyPropertyFailureAnalyzer.class.getName(),
                        UnusableKeyStoreFailureAnalyzer.class.getName());

        Throwable failure = new IllegalStateException(
                "context failed", new InvalidApiKeyPropertyException("apikey.realm", "it must not be blank"));
        FailureAnalysis analysis = new InvalidApiKeyPropertyFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription())
                .isEqualTo("The property apikey.realm cannot be used: it must not be blank");
        assertThat(analysis.getAction()).contains("Fix or remove apikey.realm");
    }
}
