package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.HttpRequestView;
import dev.apikey.servlet.ApiKeyPrincipal;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The reactive counterpart of {@link ApiKeySecurityFilter}, in a {@code SecurityWebFilterChain}. {@link ApiKeyWebFilter}
 * runs before the chain and has decided the request by its handler: a key it let through becomes the request's
 * {@link ApiKeyAuthenticationToken}. A key it did not look at (an open endpoint) is verified, as one request, only if
 * a rule of the chain asks who the caller is ({@code hasAuthority}, {@code authenticated()}); once the chain has
 * ended, asking verifies nothing. A refused key leaves the request unauthenticated and its refusal is what the entry
 * point answers.
 */
final class ApiKeyServerSecurityFilter implements WebFilter {

    /** Exchange attribute, {@code Boolean.TRUE}: the chain has run; nothing verifies a key lazily any more. */
    static final String CHAIN_ENDED = ApiKeyServerSecurityFilter.class.getName() + ".chainEnded";

    private final ApiKeyAuthenticator authenticator;
    private final @Nullable Scheduler verifications;

    /** @param verifications where verifications run, or {@code null} inline (a store that never blocks) */
    ApiKeyServerSecurityFilter(ApiKeyAuthenticator authenticator, @Nullable Scheduler verifications) {
        this.authenticator = authenticator;
        this.verifications = verifications;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ApiKeyPrincipal established = exchange.getAttribute(ApiKeyWebFilter.PRINCIPAL);
        if (established != null) {
            return chain.filter(exchange)
                    .contextWrite(
                            ReactiveSecurityContextHolder.withSecurityContext(Mono.just(authenticated(established))));
        }
        ApiKeyWebFilter.Received holder = exchange.getAttribute(ApiKeyWebFilter.RECEIVED);
        HttpRequestView received = holder == null ? null : holder.view();
        if (received == null || authenticator.presented(received).isEmpty()) {
            return chain.filter(exchange);
        }
        Mono<SecurityContext> lazily =
                Mono.defer(() -> verify(exchange, received)).cache();
        return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withSecurityContext(lazily));
    }

    private Mono<SecurityContext> verify(ServerWebExchange exchange, HttpRequestView received) {
        if (exchange.getAttribute(CHAIN_ENDED) != null) {
            return Mono.empty();
        }
        Mono<Decision> decision = Mono.fromCallable(() -> authenticator.decide(received, ChainVerification.ANY_KEY));
        if (verifications != null) {
            decision = decision.subscribeOn(verifications);
        }
        return decision.flatMap(answer -> {
            if (answer instanceof Decision.Refused refused) {
                exchange.getAttributes().put(ChainVerification.REFUSAL, refused.refusal());
                return Mono.empty();
            }
            Decision.Allowed allowed = (Decision.Allowed) answer;
            if (!exchange.getResponse().isCommitted()) {
                allowed.headers().forEach(exchange.getResponse().getHeaders()::set);
            }
            ApiKeyPrincipal principal = ApiKeyPrincipal.of(allowed.key().orElseThrow());
            exchange.getAttributes().put(ApiKeyWebFilter.PRINCIPAL, principal);
            return Mono.just(authenticated(principal));
        });
    }

    private static SecurityContext authenticated(ApiKeyPrincipal principal) {
        return new SecurityContextImpl(new ApiKeyAuthenticationToken(principal));
    }

    /** Marks the end of the chain on an exchange (placed last in it). */
    static WebFilter chainEnd() {
        return (exchange, chain) -> {
            exchange.getAttributes().put(CHAIN_ENDED, Boolean.TRUE);
            return chain.filter(exchange);
        };
    }
}
