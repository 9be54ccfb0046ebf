package dev.apikey.spring;

import dev.apikey.SafeText;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.HttpRequestView;
import dev.apikey.http.KeySources;
import dev.apikey.servlet.ApiKeyPrincipal;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Decides each WebFlux request with the HTTP layer, before the handler runs: it asks the application's handler
 * mappings which handler will serve the request (as {@code DispatcherHandler} does), reads an annotated
 * controller method's and class's annotations once per handler, and lets the request through — the key's places
 * removed from the request, the {@link ApiKeyPrincipal} as the exchange's principal — or answers the refusal.
 * Verifying a key may block (a database): unless the key store never blocks, it runs on {@code verifications}, a
 * bounded scheduler, never on the event loop.
 */
final class ApiKeyWebFilter implements WebFilter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyWebFilter.class);

    /** Where the exchange keeps the principal of the key that let the request through. */
    static final String PRINCIPAL = ApiKeyWebFilter.class.getName() + ".principal";

    /** Where the exchange keeps the request as received (key places included), for Spring Security's filter. */
    static final String RECEIVED = ApiKeyWebFilter.class.getName() + ".received";

    /** Where the exchange keeps the method and path it was decided for: a later filter may change them. */
    static final String DECIDED = ApiKeyWebFilter.class.getName() + ".decided";

    /**
     * Decides {@code exchange} again, just before {@code handler} runs, when its method or path changed after this
     * filter decided it (a filter after this one rewrote them): the handler's requirement for the request as it is
     * now; a key already verified is checked against it, a key not yet verified is verified now (as received).
     * Empty when the request may go on; otherwise the refusal has been written.
     */
    Mono<Boolean> admitChanged(ServerWebExchange exchange, @Nullable Object handler) {
        ReactiveRequestView current = new ReactiveRequestView(exchange.getRequest());
        if ((current.method() + " " + current.path()).equals(exchange.getAttribute(DECIDED))) {
            return Mono.just(true);
        }
        exchange.getAttributes().put(DECIDED, current.method() + " " + current.path());
        EndpointRequirement requirement;
        try {
            requirement = requirements.of(handler, current, current.path());
        } catch (RuntimeException e) {
            return refusals.write(exchange, authenticator.forbidden()).thenReturn(false);
        }
        ApiKeyPrincipal earlier = exchange.getAttribute(PRINCIPAL);
        Received received = exchange.getAttribute(RECEIVED);
        HttpRequestView keys = received != null ? received.view() : current;
        Mono<Decision> decision;
        if (requirement.access() == EndpointRequirement.Access.REQUIRE && earlier != null) {
            decision = Mono.just(
                    earlier.holds(requirement.scopes(), requirement.match())
                            ? authenticator.decide(keys, EndpointRequirement.permit(requirement.source()))
                            : new Decision.Refused(authenticator.insufficientScope(requirement)));
        } else {
            decision = verifying(keys, requirement);
        }
        return decision.flatMap(answer -> {
            if (answer instanceof Decision.Refused refused) {
                return refusals.write(exchange, refused.refusal()).thenReturn(false);
            }
            ((Decision.Allowed) answer)
                    .key()
                    .ifPresent(key -> exchange.getAttributes().put(PRINCIPAL, ApiKeyPrincipal.of(key)));
            return Mono.just(true);
        });
    }

    /** The request as received, behind a type the application cannot read (it carries the key). */
    static final class Received {
        private final HttpRequestView view;

        Received(HttpRequestView view) {
            this.view = view;
        }

        HttpRequestView view() {
            return view;
        }

        @Override
        public String toString() {
            return "Received[" + view.method() + " " + view.path() + "]";
        }
    }

    /** Before Spring Security's WebFilterChainProxy (-100) and the application's filters. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final ApiKeyAuthenticator authenticator;
    private final HandlerRequirements requirements;
    private final Supplier<List<HandlerMapping>> handlerMappings;
    private final @Nullable Scheduler verifications;
    private final ReactiveRefusals refusals;
    private final boolean hideKey;

    /**
     * @param verifications where verifications run, or {@code null} to run them inline (a store that never blocks)
     */
    ApiKeyWebFilter(
            ApiKeyAuthenticator authenticator,
            HandlerRequirements requirements,
            Supplier<List<HandlerMapping>> handlerMappings,
            @Nullable Scheduler verifications,
            ReactiveRefusals refusals,
            boolean hideKey) {
        this.authenticator = authenticator;
        this.requirements = requirements;
        this.handlerMappings = SingletonSupplier.of(handlerMappings);
        this.verifications = verifications;
        this.refusals = refusals;
        this.hideKey = hideKey;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String queryAsReceived = QueryKeyRemoval.queryAsReceived(exchange.getResponse());
        ReactiveRequestView view = queryAsReceived == null
                ? new ReactiveRequestView(exchange.getRequest())
                : new ReactiveRequestView(exchange.getRequest(), queryAsReceived);
        exchange.getAttributes().put(RECEIVED, new Received(view));
        exchange.getAttributes().put(DECIDED, view.method() + " " + view.path());
        return handler(exchange)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(handler -> decide(view, handler.orElse(null)))
                .flatMap(decision -> decision instanceof Decision.Allowed allowed
                        ? chain.filter(allowedExchange(exchange, allowed))
                        : refusals.write(exchange, ((Decision.Refused) decision).refusal()));
    }

    /**
     * The handler the dispatcher will pick: the first mapping's answer. A mapping that fails (no method or media type
     * matches: 405, 415) means no handler here; the path rules decide, and the dispatcher answers that error.
     */
    private Mono<Object> handler(ServerWebExchange exchange) {
        return Flux.fromIterable(handlerMappings.get())
                .concatMap(mapping -> mapping.getHandler(exchange).onErrorResume(e -> Mono.empty()))
                .next();
    }

    private Mono<Decision> decide(ReactiveRequestView view, @Nullable Object handler) {
        EndpointRequirement requirement;
        try {
            requirement = requirements.of(handler, view, view.path());
        } catch (RuntimeException e) {
            LOG.error("apikey cannot tell what {} requires, refusing it: {}", SafeText.of(view.path()), e.getMessage());
            return Mono.just(new Decision.Refused(authenticator.forbidden()));
        }
        return verifying(view, requirement);
    }

    /** The layer's decision: off the event loop when it verifies a key with a store that may block. */
    private Mono<Decision> verifying(HttpRequestView view, EndpointRequirement requirement) {
        if (requirement.access() != EndpointRequirement.Access.REQUIRE || verifications == null) {
            // One scheduling step later, not in the call that received the request: answered in that call, a request
            // on a kept-alive connection now and then left the next one unanswered on Reactor Netty.
            return Mono.fromSupplier(() -> authenticator.decide(view, requirement))
                    .subscribeOn(Schedulers.parallel());
        }
        return Mono.fromCallable(() -> authenticator.decide(view, requirement))
                .subscribeOn(verifications)
                .onErrorResume(RejectedExecutionException.class, full -> {
                    LOG.warn("apikey: too many key verifications are waiting for a thread; refusing the request (503)");
                    return Mono.just(new Decision.Refused(authenticator.unavailable()));
                });
    }

    private ServerWebExchange allowedExchange(ServerWebExchange exchange, Decision.Allowed allowed) {
        allowed.headers().forEach(exchange.getResponse().getHeaders()::set);
        KeySources hidden = hideKey ? allowed.hide() : KeySources.NONE;
        ServerWebExchange.Builder builder = exchange.mutate();
        if (!hidden.isEmpty()) {
            builder.request(hiding(exchange.getRequest(), hidden));
        }
        Optional<ApiKeyPrincipal> principal = allowed.key().map(ApiKeyPrincipal::of);
        if (principal.isPresent()) {
            builder.principal(Mono.just(principal.get()));
        }
        ServerWebExchange allowedExchange = builder.build();
        principal.ifPresent(p -> allowedExchange.getAttributes().put(PRINCIPAL, p));
        return allowedExchange;
    }

    private static ServerHttpRequest hiding(ServerHttpRequest request, KeySources hidden) {
        ServerHttpRequest.Builder builder = request.mutate().headers(headers -> {
            for (String name : hidden.headers()) {
                headers.remove(name);
            }
        });
        URI received = request.getURI();
        URI visible = hidden.visibleUri(received);
        if (visible != received) {
            builder.uri(visible);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "ApiKeyWebFilter[" + authenticator + ", verifications "
                + (verifications == null ? "inline" : "on " + verifications) + "]";
    }
}
