package dev.apikey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.http.conformance.SwitchableKeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Actuator's health of the key store and the verification metrics, in a real application with a store that can fail. */
final class ActuatorTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SecureController.class)
    static class App {
        @Bean
        SwitchableKeyStore keyStore() {
            return new SwitchableKeyStore();
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "management.endpoint.health.show-details=always";
        System.arraycopy(properties, 0, all, 1, properties.length);
        return TestApplications.start(App.class, all);
    }

    @Test
    void theHealthOfTheKeyStoreIsUpThenDownWhenItFailsAndSaysNothingSecret() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(KeyStore.class)).isInstanceOf(SwitchableKeyStore.class);
            HttpResponse<String> up = TestApplications.get(context, "/actuator/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(keyStoreHealth(up.body()))
                    .contains("\"status\":\"UP\"")
                    .contains("\"store\":\"SwitchableKeyStore\"");

            context.getBean(SwitchableKeyStore.class).fail(true);
            HttpResponse<String> down = TestApplications.get(context, "/actuator/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(keyStoreHealth(down.body()))
                    .contains("\"status\":\"DOWN\"")
                    .contains("the key store failed (KeyStoreException)");
            assertThat(down.body()).doesNotContain("Exception:").doesNotContain("\tat ");

            context.getBean(SwitchableKeyStore.class).fail(false);
            assertThat(TestApplications.get(context, "/actuator/health").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void verificationsAreTimedByOutcomeAndReasonWithoutTheKeysIdUnlessAsked() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("metered").build())
                    .secret();
            TestApplications.get(context, "/secure", "X-API-Key", key);
            TestApplications.get(context, "/secure", "X-API-Key", key);
            TestApplications.get(context, "/secure", "X-API-Key", "not-a-key");
            TestApplications.get(context, "/secure");
            context.getBean(SwitchableKeyStore.class).fail(true);
            TestApplications.get(context, "/secure", "X-API-Key", key);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(count(meters, "valid", "none")).isEqualTo(2);
            assertThat(count(meters, "rejected", "malformed")).isEqualTo(1);
            assertThat(count(meters, "rejected", "missing")).isEqualTo(1);
            assertThat(count(meters, "rejected", "store_unavailable")).isEqualTo(1);
            assertThat(meters.find(MeteredKeyValidator.TIMER).tagKeys("key").timers())
                    .isEmpty();
            assertThat(meters.find(MeteredKeyValidator.TIMER)
                            .tag("outcome", "valid")
                            .timer()
                            .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .isPositive();
        }
        try (ConfigurableApplicationContext context = start("apikey.metrics.key-id-tag=true")) {
            var issued = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("tagged").build());
            TestApplications.get(context, "/secure", "X-API-Key", issued.secret());

            Timer tagged = context.getBean(MeterRegistry.class)
                    .find(MeteredKeyValidator.TIMER)
                    .tag("key", issued.id())
                    .timer();
            assertThat(tagged).isNotNull();
            assertThat(tagged.count()).isEqualTo(1);
        }
    }

    /** The {@code apiKeyStore} component of a health answer. */
    private static String keyStoreHealth(String body) {
        int start = body.indexOf("\"apiKeyStore\":{");
        assertThat(start).as(body).isNotNegative();
        int depth = 0;
        for (int i = body.indexOf('{', start); i < body.length(); i++) {
            depth += body.charAt(i) == '{' ? 1 : body.charAt(i) == '}' ? -1 : 0;
            if (depth == 0) {
                return body.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced: " + body);
    }

    private static long count(MeterRegistry meters, String outcome, String reason) {
        Timer timer = meters.find(MeteredKeyValidator.TIMER)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
