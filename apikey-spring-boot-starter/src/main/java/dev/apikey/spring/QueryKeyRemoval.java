package dev.apikey.spring;

import dev.apikey.http.KeySources;
import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;

/**
 * Takes a key sent as a query parameter out of the request's URI before WebFlux sees the request, so that nothing
 * after it — Spring Boot's error log ({@code 500 Server Error for HTTP GET "/x?..."}), debug logs, error attributes,
 * exception handlers — can show the key. The query as received travels with the response, where only
 * {@link ApiKeyWebFilter} reads it. Installed around the whole {@code HttpHandler} when keys are hidden from the
 * application and a query parameter is configured.
 */
final class QueryKeyRemoval implements HttpHandler {

    private final HttpHandler next;
    private final KeySources queryParameter;

    QueryKeyRemoval(HttpHandler next, String queryParameter) {
        this.next = next;
        this.queryParameter = new KeySources(Set.of(), queryParameter);
    }

    @Override
    public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
        URI received = request.getURI();
        URI visible = queryParameter.visibleUri(received);
        if (visible == received) {
            return next.handle(request, response);
        }
        return next.handle(
                request.mutate().uri(visible).build(), new QueryAsReceived(response, received.getRawQuery()));
    }

    /**
     * The query {@code response}'s request was received with, when this decorator took a key out of it; otherwise
     * {@code null}. Follows the response's decorators.
     */
    static @Nullable String queryAsReceived(ServerHttpResponse response) {
        ServerHttpResponse current = response;
        while (current instanceof ServerHttpResponseDecorator decorator) {
            if (decorator instanceof QueryAsReceived received) {
                return received.rawQuery;
            }
            current = decorator.getDelegate();
        }
        return null;
    }

    /** The response, carrying the query as received behind a type the application cannot read. */
    private static final class QueryAsReceived extends ServerHttpResponseDecorator {
        private final String rawQuery;

        QueryAsReceived(ServerHttpResponse response, String rawQuery) {
            super(response);
            this.rawQuery = rawQuery;
        }

        @Override
        public String toString() {
            return "QueryAsReceived[" + getDelegate() + "]";
        }
    }

    @Override
    public String toString() {
        return "QueryKeyRemoval[" + queryParameter.queryParameter() + " -> " + next + "]";
    }
}
