package dev.apikey.spring;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last check on WebFlux, where the dispatcher hands the chosen handler to its adapter: if a filter after
 * {@link ApiKeyWebFilter} rewrote the request's method or path (a hidden-method or trailing-slash filter), the
 * request is decided again for the handler that will actually run; otherwise it passes to the application's own
 * adapter for the handler at once. First among adapters; supports every handler, and runs none itself.
 */
final class ApiKeyHandlerAdapter implements HandlerAdapter, Ordered {

    private final ApiKeyWebFilter filter;
    private final Supplier<List<HandlerAdapter>> adapters;

    ApiKeyHandlerAdapter(ApiKeyWebFilter filter, Supplier<List<HandlerAdapter>> adapters) {
        this.filter = filter;
        this.adapters = SingletonSupplier.of(adapters);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public boolean supports(Object handler) {
        return true;
    }

    @Override
    public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
        return filter.admitChanged(exchange, handler).flatMap(admitted -> {
            if (!admitted) {
                return Mono.empty(); // the refusal is written
            }
            for (HandlerAdapter adapter : adapters.get()) {
                if (adapter != this && adapter.supports(handler)) {
                    return adapter.handle(exchange, handler);
                }
            }
            return Mono.error(new IllegalStateException("No HandlerAdapter for " + handler));
        });
    }
}
