package dev.apikey.spring;

import dev.apikey.ApiKeys;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.PathRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** API-key authentication for Spring Boot applications: every bean can be replaced by the application's own. */
@AutoConfiguration
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiKeyAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAutoConfiguration.class);

    /** Keys in memory, unless the application defines its own {@link ApiKeys}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ApiKeys apiKeys(ApiKeyProperties properties) {
        ApiKeys.Builder builder = ApiKeySettings.apiKeys(properties);
        LOG.warn("apikey: keys are kept in memory and vanish on restart; define an ApiKeys bean with a persistent"
                + " store (apikey-jdbc) for real use");
        return builder.build();
    }

    /** The HTTP layer's authenticator, configured by {@link ApiKeyProperties}. */
    @Bean
    @ConditionalOnMissingBean
    public ApiKeyAuthenticator apiKeyAuthenticator(ApiKeys apiKeys, ApiKeyProperties properties) {
        return ApiKeySettings.authenticator(properties)
                .validator(apiKeys.validator())
                .build();
    }

    /** What unannotated endpoints need: {@code apikey.require-by-default} and {@code apikey.path-rules}. */
    @Bean
    @ConditionalOnMissingBean
    public PathRules apiKeyPathRules(ApiKeyProperties properties) {
        return ApiKeySettings.pathRules(properties);
    }

    /** Spring MVC: every handler method's annotations, read once, decide its requests. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class MvcConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ApiKeyHandlerInterceptor apiKeyHandlerInterceptor(ApiKeyAuthenticator authenticator, PathRules pathRules) {
            return new ApiKeyHandlerInterceptor(authenticator, pathRules);
        }

        @Bean
        WebMvcConfigurer apiKeyWebMvcConfigurer(ApiKeyHandlerInterceptor interceptor) {
            return new WebMvcConfigurer() {
                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    registry.addInterceptor(interceptor);
                }
            };
        }
    }
}
