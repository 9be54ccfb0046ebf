package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.servlet.ErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Adds API keys to a {@code SecurityFilterChain} of the application's own, in one line:
 *
 * <pre>{@code
 * http.with(ApiKeyConfigurer.apiKeys(), Customizer.withDefaults())
 * }</pre>
 *
 * <p>A request's key becomes its {@link ApiKeyAuthenticationToken} (authorities {@code SCOPE_<scope>}), so
 * {@code authorizeHttpRequests} rules, {@code hasAuthority} and {@code @PreAuthorize} see it; refusals are answered
 * with apikey's problem details (the chain's default entry point and access-denied handler, unless the chain sets
 * its own); the authentication is never saved in a session. It uses the starter's beans (the HTTP layer's
 * authenticator, the error responder, {@code apikey.*} properties).
 */
public final class ApiKeyConfigurer extends AbstractHttpConfigurer<ApiKeyConfigurer, HttpSecurity> {

    private ApiKeyConfigurer() {}

    /** A configurer to pass to {@code HttpSecurity.with}. */
    public static ApiKeyConfigurer apiKeys() {
        return new ApiKeyConfigurer();
    }

    @Override
    public void init(HttpSecurity http) {
        ApiKeyRefusals refusals = new ApiKeyRefusals(
                bean(http, ApiKeyAuthenticator.class), bean(http, ErrorResponder.class), hideKey(http));
        http.exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(refusals, AnyRequestMatcher.INSTANCE)
                .defaultAccessDeniedHandlerFor(refusals, AnyRequestMatcher.INSTANCE));
        @SuppressWarnings("unchecked")
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            // A key is not a credential the browser adds by itself: a request it authenticates cannot be forged
            // cross-site. Only a valid key counts (asking verifies it); an invalid one leaves CSRF protection on.
            csrf.ignoringRequestMatchers(ApiKeyConfigurer::authenticatedByKey);
        }
    }

    private static boolean authenticatedByKey(HttpServletRequest request) {
        return SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication()
                instanceof ApiKeyAuthenticationToken;
    }

    @Override
    public void configure(HttpSecurity http) {
        ApiKeySecurityFilter filter = new ApiKeySecurityFilter(bean(http, ApiKeyAuthenticator.class), hideKey(http));
        http.addFilterBefore(filter, CsrfFilter.class);
        http.addFilterAfter(new ApiKeySecurityFilter.ChainEnd(), AuthorizationFilter.class);
    }

    private static boolean hideKey(HttpSecurity http) {
        return bean(http, ApiKeyProperties.class).isHideKeyFromApplication();
    }

    private static <T> T bean(HttpSecurity http, Class<T> type) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            throw new IllegalStateException("ApiKeyConfigurer needs the Spring application context: use it in a"
                    + " SecurityFilterChain bean of a Spring Boot application with apikey-spring-boot-starter");
        }
        return context.getBean(type);
    }
}
