package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.PathRules;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** springdoc, when present: the {@code apiKey} security scheme on the operations that need a key. */
@AutoConfiguration(after = ApiKeyAutoConfiguration.class)
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
public class ApiKeyOpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ApiKeyOpenApiCustomizer apiKeyOpenApiCustomizer(
            PathRules pathRules, ApiKeyAuthenticator authenticator, ApiKeyProperties properties) {
        return new ApiKeyOpenApiCustomizer(
                new HandlerRequirements(pathRules, properties.isCorsPreflightWithoutKey()),
                authenticator.settings().headerName());
    }
}
