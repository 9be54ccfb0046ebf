package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.HttpRequestView;
import dev.apikey.http.Refusal;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's reactive refusals answered as every apikey refusal is (see {@link ApiKeyRefusals}): the refusal
 * of the key the request carried, 401 {@code missing_api_key}, 403 {@code insufficient_scope} for a key that lacks
 * an authority, else 403 {@code forbidden}.
 */
final class ReactiveSecurityRefusals implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ApiKeyAuthenticator authenticator;
    private final ReactiveRefusals refusals;

    ReactiveSecurityRefusals(ApiKeyAuthenticator authenticator, ReactiveRefusals refusals) {
        this.authenticator = authenticator;
        this.refusals = refusals;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        if (exchange.getAttribute(ChainVerification.REFUSAL) instanceof Refusal recorded) {
            return refusals.write(exchange, recorded);
        }
        ApiKeyWebFilter.Received holder = exchange.getAttribute(ApiKeyWebFilter.RECEIVED);
        HttpRequestView received = holder == null ? null : holder.view();
        if (received == null) {
            received = new ReactiveRequestView(exchange.getRequest());
        }
        Refusal refusal = authenticator.presented(received).isEmpty()
                        && authenticator.decide(received, ChainVerification.ANY_KEY) instanceof Decision.Refused missing
                ? missing.refusal()
                : authenticator.forbidden();
        return refusals.write(exchange, refusal);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        if (exchange.getAttribute(ChainVerification.REFUSAL) instanceof Refusal recorded) {
            return refusals.write(exchange, recorded);
        }
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(ApiKeyAuthenticationToken.class::isInstance)
                .map(token -> authenticator.insufficientScope(ChainVerification.ANY_KEY))
                .defaultIfEmpty(authenticator.forbidden())
                .flatMap(refusal -> refusals.write(exchange, refusal));
    }
}
