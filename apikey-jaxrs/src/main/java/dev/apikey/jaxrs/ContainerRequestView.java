package dev.apikey.jaxrs;

import dev.apikey.http.HttpRequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Jakarta REST request as the HTTP layer reads it: the path relative to the application's base URI (decoded, with
 * a leading slash), headers by name, the query as received, the peer address from {@link PeerAddress}.
 */
final class ContainerRequestView implements HttpRequestView {

    private final ContainerRequestContext request;
    private final String path;
    private final @Nullable String rawQuery;

    ContainerRequestView(ContainerRequestContext request) {
        this.request = request;
        String relative = request.getUriInfo().getPath(true);
        this.path = relative.startsWith("/") ? relative : "/" + relative;
        RequestState state = RequestState.find(request);
        String received = state == null ? null : state.queryAsReceived();
        this.rawQuery = received != null
                ? received
                : request.getUriInfo().getRequestUri().getRawQuery();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public @Nullable String rawQuery() {
        return rawQuery;
    }

    @Override
    public @Nullable String peerAddress() {
        return PeerAddress.of(request);
    }

    @Override
    public boolean secure() {
        return request.getSecurityContext() != null
                && request.getSecurityContext().isSecure();
    }
}
