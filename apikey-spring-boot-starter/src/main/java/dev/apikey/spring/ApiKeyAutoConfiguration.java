package dev.apikey.spring;

import dev.apikey.ApiKeys;
import dev.apikey.KeyStore;
import dev.apikey.KeyValidator;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.PathRules;
import dev.apikey.jdbc.HashingSchemeMismatchException;
import dev.apikey.jdbc.JdbcKeyStore;
import dev.apikey.servlet.ErrorResponder;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.MappedInterceptor;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** API-key authentication for Spring Boot applications: every bean can be replaced by the application's own. */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiKeyAutoConfiguration {

    /**
     * Where keys are kept ({@code apikey.store.*}): the application's {@link DataSource} when it has one (SQLite or
     * PostgreSQL), else memory, with a warning.
     */
    @Bean
    @ConditionalOnMissingBean
    public KeyStore apiKeyStore(ApiKeyProperties properties, ObjectProvider<DataSource> dataSource) {
        return KeyStoreSelection.select(properties.getStore(), dataSource.getIfUnique());
    }

    /** The library's facade over the store: issue, verify, rotate, revoke. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ApiKeys apiKeys(ApiKeyProperties properties, KeyStore store) {
        ApiKeys.Builder builder = ApiKeySettings.apiKeys(properties).store(store);
        if (properties.getStore().isSharedLimits()) {
            if (!(store instanceof JdbcKeyStore jdbc)) {
                throw new InvalidApiKeyPropertyException(
                        "apikey.store.shared-limits",
                        "counters are shared through the database: use it with a JDBC store");
            }
            builder.rateLimiter(jdbc.rateLimiter());
        }
        try {
            return builder.build();
        } catch (HashingSchemeMismatchException e) {
            throw new UnusableKeyStoreException(
                    String.valueOf(e.getMessage()),
                    "Set apikey.pepper to the pepper the stored keys were issued with (APIKEY_PEPPER in the"
                            + " environment); a key store cannot hold keys of two peppers.",
                    e);
        }
    }

    /** The HTTP layer's authenticator, configured by {@link ApiKeyProperties}, its validator metered if asked. */
    @Bean
    @ConditionalOnMissingBean
    public ApiKeyAuthenticator apiKeyAuthenticator(
            ApiKeys apiKeys, ApiKeyProperties properties, ObjectProvider<KeyValidatorDecorator> decorators) {
        KeyValidator validator = apiKeys.validator();
        for (KeyValidatorDecorator decorator : decorators.orderedStream().toList()) {
            validator = decorator.decorate(validator);
        }
        return ApiKeySettings.authenticator(properties).validator(validator).build();
    }

    /** What unannotated endpoints need: {@code apikey.require-by-default} and {@code apikey.path-rules}. */
    @Bean
    @ConditionalOnMissingBean
    public PathRules apiKeyPathRules(ApiKeyProperties properties) {
        return ApiKeySettings.pathRules(properties);
    }

    /**
     * Spring MVC: a filter wraps every request (keys hidden, principal answered) and an interceptor decides each
     * one by its handler method's annotations, read once per handler.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class MvcConfiguration {

        /** Order of the request filter: before Spring Security's chain and the application's own filters. */
        static final int REQUEST_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

        /** How refusals are answered: problem details, {@code apikey.problem-type-base}. */
        @Bean
        @ConditionalOnMissingBean
        ErrorResponder apiKeyErrorResponder(ApiKeyProperties properties) {
            return ApiKeySettings.errorResponder(properties);
        }

        /** How servlet requests are decided, shared by the interceptor and the request filter. */
        @Bean
        @ConditionalOnMissingBean
        MvcDecisions apiKeyMvcDecisions(
                ApiKeyAuthenticator authenticator,
                PathRules pathRules,
                ErrorResponder errorResponder,
                ApiKeyProperties properties) {
            return new MvcDecisions(
                    authenticator,
                    new HandlerRequirements(pathRules, properties.isCorsPreflightWithoutKey()),
                    errorResponder);
        }

        @Bean
        @ConditionalOnMissingBean(name = "apiKeyRequestFilter")
        FilterRegistrationBean<ApiKeyRequestFilter> apiKeyRequestFilter(
                ApiKeyAuthenticator authenticator, MvcDecisions decisions, ApiKeyProperties properties) {
            FilterRegistrationBean<ApiKeyRequestFilter> registration = new FilterRegistrationBean<>(
                    new ApiKeyRequestFilter(authenticator, decisions, properties.isHideKeyFromApplication()));
            registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
            registration.setOrder(REQUEST_FILTER_ORDER);
            return registration;
        }

        /**
         * The interceptor, as a mapped interceptor bean: every handler mapping applies it (Actuator's, and those of
         * an application that configures Spring MVC itself), not only those a {@code WebMvcConfigurer} reaches.
         */
        @Bean
        @ConditionalOnMissingBean(name = "apiKeyHandlerInterceptor")
        MappedInterceptor apiKeyHandlerInterceptor(
                MvcDecisions decisions, ApiKeyAuthenticator authenticator, ApiKeyProperties properties) {
            return new MappedInterceptor(
                    null,
                    new ApiKeyHandlerInterceptor(decisions, authenticator, properties.isHideKeyFromApplication()));
        }
    }

    /**
     * WebFlux: a {@code WebFilter} decides each request by the handler the application's handler mappings pick,
     * verifying keys off the event loop unless the key store never blocks.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(DispatcherHandler.class)
    static class WebFluxConfiguration {

        /**
         * Verifications that may wait for a thread; beyond, requests needing a key are refused with 503 at once
         * instead of queueing behind a database that does not answer.
         */
        static final int VERIFICATION_QUEUE = 1_000;

        /** Where blocking verifications run: bounded threads and queue, never the event loop. */
        @Bean(destroyMethod = "dispose")
        @ConditionalOnMissingBean(name = "apiKeyVerificationScheduler")
        Scheduler apiKeyVerificationScheduler() {
            return Schedulers.newBoundedElastic(
                    Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE, VERIFICATION_QUEUE, "apikey-verification", 60, true);
        }

        /** How WebFlux refusals are written: problem details, {@code apikey.problem-type-base}. */
        @Bean
        @ConditionalOnMissingBean
        ReactiveRefusals apiKeyReactiveRefusals(ApiKeyProperties properties) {
            return new ReactiveRefusals(ApiKeySettings.problemTypeBase(properties));
        }

        /**
         * Whether verifications must leave the event loop: unless the {@code ApiKeys} in use never block (its store
         * and rate limiter only read memory) and the authenticator is the starter's (one of the application's own
         * may verify with anything).
         */
        static boolean offload(ApiKeys apiKeys, ApiKeyAuthenticator authenticator) {
            return apiKeys.blocking()
                    || !(authenticator.settings().validator() instanceof MeteredKeyValidator
                            || authenticator.settings().validator() == apiKeys.validator());
        }

        @Bean
        @ConditionalOnMissingBean
        ApiKeyWebFilter apiKeyWebFilter(
                ApiKeyAuthenticator authenticator,
                PathRules pathRules,
                ObjectProvider<org.springframework.web.reactive.HandlerMapping> handlerMappings,
                ApiKeys apiKeys,
                ApiKeyProperties properties,
                ReactiveRefusals refusals,
                @Qualifier("apiKeyVerificationScheduler") Scheduler verifications) {
            return new ApiKeyWebFilter(
                    authenticator,
                    new HandlerRequirements(pathRules, properties.isCorsPreflightWithoutKey()),
                    () -> handlerMappings.orderedStream().toList(),
                    offload(apiKeys, authenticator) ? verifications : null,
                    refusals,
                    properties.isHideKeyFromApplication());
        }

        /**
         * A key sent as a query parameter leaves the URI before WebFlux sees the request (see {@link QueryKeyRemoval}),
         * unless the application asked to see keys.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebHttpHandlerBuilderCustomizer.class)
        static class QueryKeyRemovalConfiguration {
            @Bean
            @ConditionalOnMissingBean(name = "apiKeyQueryKeyRemoval")
            WebHttpHandlerBuilderCustomizer apiKeyQueryKeyRemoval(
                    ApiKeyAuthenticator authenticator, ApiKeyProperties properties) {
                String parameter = authenticator.settings().queryParameter();
                return builder -> {
                    if (parameter != null && properties.isHideKeyFromApplication()) {
                        builder.httpHandlerDecorator(handler -> new QueryKeyRemoval(handler, parameter));
                    }
                };
            }
        }

        /** The last check, where the dispatcher hands the handler to its adapter (see {@link ApiKeyHandlerAdapter}). */
        @Bean
        ApiKeyHandlerAdapter apiKeyHandlerAdapter(
                ApiKeyWebFilter filter, ObjectProvider<org.springframework.web.reactive.HandlerAdapter> adapters) {
            return new ApiKeyHandlerAdapter(
                    filter, () -> adapters.orderedStream().toList());
        }
    }
}
