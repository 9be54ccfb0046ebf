package dev.apikey.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Spring Security with API keys. An application that defines no {@code SecurityFilterChain} gets apikey's instead of
 * Spring Boot's default (form login and a generated password): API keys only, no sessions, and every endpoint
 * decided as without Spring Security — by its annotations and the {@code apikey.*} path rules and default — with
 * the key as the request's {@code Authentication}. An application with chains of its own adds keys to them with
 * {@link ApiKeyConfigurer}.
 */
@AutoConfiguration(
        after = ApiKeyAutoConfiguration.class,
        beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiKeySecurityAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeySecurityAutoConfiguration.class);

    /**
     * The chain of an application without one: API keys, stateless, no CSRF tokens (no cookie or session
     * authenticates here, so there is nothing to forge), endpoints left to the annotations and path rules.
     */
    @Bean
    @ConditionalOnDefaultWebSecurity
    SecurityFilterChain apiKeySecurityFilterChain(HttpSecurity http) throws Exception {
        LOG.info("apikey: the application defines no SecurityFilterChain; using apikey's: API keys only, no"
                + " sessions, each endpoint decided by its annotations and the apikey.* path rules and default");
        return http.with(ApiKeyConfigurer.apiKeys(), Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
