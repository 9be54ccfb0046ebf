package dev.apikey.spring;

import dev.apikey.ApiKeys;
import dev.apikey.http.ApiKeyAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.scheduler.Scheduler;

/**
 * Spring Security on WebFlux with API keys: {@link ApiKeyServerSecurityCustomizer} for chains of the application's
 * own, and, for an application without one, apikey's instead of Spring Boot's default (form login, HTTP Basic and a
 * generated password): API keys only, no session, no CSRF tokens, every endpoint decided by its annotations and the
 * {@code apikey.*} rules.
 */
@AutoConfiguration(
        after = ApiKeyAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnClass({SecurityWebFilterChain.class, ServerHttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ApiKeyReactiveSecurityAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyReactiveSecurityAutoConfiguration.class);

    /** Adds API keys to a {@code ServerHttpSecurity}. */
    @Bean
    @ConditionalOnMissingBean
    public ApiKeyServerSecurityCustomizer apiKeyServerSecurityCustomizer(
            ApiKeyAuthenticator authenticator,
            ReactiveRefusals refusals,
            ApiKeys apiKeys,
            @Qualifier("apiKeyVerificationScheduler") Scheduler verifications) {
        return new ApiKeyServerSecurityCustomizer(
                authenticator,
                refusals,
                ApiKeyAutoConfiguration.WebFluxConfiguration.offload(apiKeys, authenticator) ? verifications : null);
    }

    /** The chain of an application without one. */
    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain apiKeySecurityWebFilterChain(
            ServerHttpSecurity http, ApiKeyServerSecurityCustomizer apiKeys) {
        LOG.info("apikey: the application defines no SecurityWebFilterChain; using apikey's: API keys only, no"
                + " sessions, each endpoint decided by its annotations and the apikey.* path rules and default");
        apiKeys.customize(http);
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .build();
    }
}
