package dev.apikey.spring;

import dev.apikey.SafeText;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.KeySources;
import dev.apikey.http.PathRules;
import dev.apikey.http.ProblemJson;
import dev.apikey.http.Refusal;
import dev.apikey.servlet.ApiKeyPrincipal;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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

    /** Before Spring Security's WebFilterChainProxy (-100) and the application's filters. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final ApiKeyAuthenticator authenticator;
    private final PathRules pathRules;
    private final Supplier<List<HandlerMapping>> handlerMappings;
    private final @Nullable Scheduler verifications;
    private final @Nullable String problemTypeBase;
    private final boolean corsPreflightWithoutKey;
    private final boolean hideKey;
    private final Map<HandlerKey, Optional<EndpointRequirement>> annotations = new ConcurrentHashMap<>();

    private record HandlerKey(Method method, Class<?> controller) {}

    /**
     * @param verifications where verifications run, or {@code null} to run them inline (a store that never blocks)
     */
    ApiKeyWebFilter(
            ApiKeyAuthenticator authenticator,
            PathRules pathRules,
            Supplier<List<HandlerMapping>> handlerMappings,
            @Nullable Scheduler verifications,
            @Nullable String problemTypeBase,
            boolean corsPreflightWithoutKey,
            boolean hideKey) {
        this.authenticator = authenticator;
        this.pathRules = pathRules;
        this.handlerMappings = SingletonSupplier.of(handlerMappings);
        this.verifications = verifications;
        this.problemTypeBase = problemTypeBase;
        this.corsPreflightWithoutKey = corsPreflightWithoutKey;
        this.hideKey = hideKey;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ReactiveRequestView view = new ReactiveRequestView(exchange.getRequest());
        return handler(exchange)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(handler -> decide(view, handler.orElse(null)))
                .flatMap(decision -> decision instanceof Decision.Allowed allowed
                        ? chain.filter(allowedExchange(exchange, view, allowed))
                        : refuse(exchange, ((Decision.Refused) decision).refusal()));
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
            requirement = pathRules.resolve(annotationsOf(handler), view.path());
        } catch (RuntimeException e) {
            LOG.error("apikey cannot tell what {} requires, refusing it: {}", SafeText.of(view.path()), e.getMessage());
            return Mono.just(new Decision.Refused(authenticator.forbidden()));
        }
        EndpointRequirement effective = requirement;
        if (requirement.access() == EndpointRequirement.Access.REQUIRE
                && corsPreflightWithoutKey
                && !(handler instanceof HandlerMethod)
                && ApiKeyAuthenticator.isCorsPreflight(view)) {
            effective = EndpointRequirement.permit("CORS preflight"); // answered by Spring's CORS handling
        }
        if (effective.access() != EndpointRequirement.Access.REQUIRE || verifications == null) {
            return Mono.just(authenticator.decide(view, effective));
        }
        EndpointRequirement required = effective;
        return Mono.fromCallable(() -> authenticator.decide(view, required)).subscribeOn(verifications);
    }

    private Optional<EndpointRequirement> annotationsOf(@Nullable Object handler) {
        if (handler instanceof HandlerMethod method) {
            return annotations.computeIfAbsent(
                    new HandlerKey(method.getMethod(), method.getBeanType()),
                    h -> EndpointAnnotations.forHandler(h.method(), h.controller())
                            .or(() -> MethodSecurityAnnotations.requirement(h.method(), h.controller())));
        }
        return Optional.empty();
    }

    private ServerWebExchange allowedExchange(
            ServerWebExchange exchange, ReactiveRequestView view, Decision.Allowed allowed) {
        allowed.headers().forEach(exchange.getResponse().getHeaders()::set);
        KeySources hidden = hideKey ? allowed.hide() : KeySources.NONE;
        ServerWebExchange.Builder builder = exchange.mutate();
        if (!hidden.isEmpty()) {
            builder.request(hiding(exchange.getRequest(), view, hidden));
        }
        Optional<ApiKeyPrincipal> principal = allowed.key().map(ApiKeyPrincipal::of);
        if (principal.isPresent()) {
            builder.principal(Mono.just(principal.get()));
        }
        ServerWebExchange allowedExchange = builder.build();
        principal.ifPresent(p -> allowedExchange.getAttributes().put(PRINCIPAL, p));
        return allowedExchange;
    }

    private static ServerHttpRequest hiding(ServerHttpRequest request, ReactiveRequestView view, KeySources hidden) {
        ServerHttpRequest.Builder builder = request.mutate().headers(headers -> {
            for (String name : hidden.headers()) {
                headers.remove(name);
            }
        });
        String rawQuery = view.rawQuery();
        String visibleQuery = hidden.visibleQuery(rawQuery);
        if (rawQuery != null && !rawQuery.equals(visibleQuery)) {
            URI uri = UriComponentsBuilder.fromUri(request.getURI())
                    .replaceQuery(visibleQuery)
                    .build(true)
                    .toUri();
            builder.uri(uri);
        }
        return builder.build();
    }

    /** Answers {@code refusal}: its status and headers, and the problem body (none for {@code HEAD}). */
    Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(refusal.status()));
        refusal.headers().forEach(response.getHeaders()::set);
        byte[] body = ProblemJson.render(refusal, problemTypeBase).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentType(MediaType.parseMediaType(ProblemJson.CONTENT_TYPE + ";charset=UTF-8"));
        response.getHeaders().setContentLength(body.length);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    @Override
    public String toString() {
        return "ApiKeyWebFilter[" + authenticator + ", verifications "
                + (verifications == null ? "inline" : "on " + verifications) + "]";
    }
}
