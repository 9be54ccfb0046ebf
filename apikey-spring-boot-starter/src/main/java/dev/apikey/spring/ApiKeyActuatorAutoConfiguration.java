package dev.apikey.spring;

import dev.apikey.KeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key store's health for Actuator, and verification metrics for Micrometer, when they are present. */
@AutoConfiguration(after = ApiKeyAutoConfiguration.class)
public class ApiKeyActuatorAutoConfiguration {

    /** Health indicator {@code apiKeyStore}: down when keys cannot be read. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "apiKeyStoreHealthIndicator")
        HealthIndicator apiKeyStoreHealthIndicator(KeyStore store) {
            return new KeyStoreHealthIndicator(store);
        }
    }

    /** Timer {@code apikey.verifications} in the application's {@link MeterRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {
        @Bean
        KeyValidatorDecorator apiKeyVerificationMetrics(
                ObjectProvider<MeterRegistry> registry, ApiKeyProperties properties) {
            return validator -> {
                MeterRegistry meters = registry.getIfUnique();
                return meters == null
                        ? validator
                        : new MeteredKeyValidator(
                                validator, meters, properties.getMetrics().isKeyIdTag());
            };
        }
    }
}
