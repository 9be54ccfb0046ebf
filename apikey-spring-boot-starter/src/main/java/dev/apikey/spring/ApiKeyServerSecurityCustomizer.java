package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import org.jspecify.annotations.Nullable;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import reactor.core.scheduler.Scheduler;

/**
 * Adds API keys to a reactive {@code SecurityWebFilterChain} of the application's own (a bean of this type is
 * auto-configured):
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, ApiKeyServerSecurityCustomizer apiKeys) {
 *     apiKeys.customize(http);
 *     return http.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated()).build();
 * }
 * }</pre>
 *
 * <p>A request's key becomes its {@link ApiKeyAuthenticationToken} (authorities {@code SCOPE_<scope>}) and refusals
 * are apikey's problem details (the chain's entry point and access-denied handler).
 */
public final class ApiKeyServerSecurityCustomizer implements Customizer<ServerHttpSecurity> {

    private final ApiKeyAuthenticator authenticator;
    private final ReactiveRefusals refusals;
    private final @Nullable Scheduler verifications;

    ApiKeyServerSecurityCustomizer(
            ApiKeyAuthenticator authenticator, ReactiveRefusals refusals, @Nullable Scheduler verifications) {
        this.authenticator = authenticator;
        this.refusals = refusals;
        this.verifications = verifications;
    }

    @Override
    public void customize(ServerHttpSecurity http) {
        ReactiveSecurityRefusals answers = new ReactiveSecurityRefusals(authenticator, refusals);
        http.addFilterAt(
                        new ApiKeyServerSecurityFilter(authenticator, verifications),
                        SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAt(ApiKeyServerSecurityFilter.chainEnd(), SecurityWebFiltersOrder.LAST)
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(answers).accessDeniedHandler(answers));
    }
}
