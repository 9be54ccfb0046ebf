package dev.apikey.jaxrs;

import dev.apikey.http.HttpRequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Jakarta REST request as the HTTP layer reads it: the path relative to the application's base URI as the runtime
 * matches it (decoded segments, matrix parameters left out, a leading slash), headers by name and the raw query as
 * received (before {@link KeyPlacesRemoval} took a key out), the peer address from {@link PeerAddress}.
 */
final class ContainerRequestView implements HttpRequestView {

    private final ContainerRequestContext request;
    private final @Nullable RequestState state;

    ContainerRequestView(ContainerRequestContext request) {
        this.request = request;
        this.state = RequestState.find(request);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        StringBuilder path = new StringBuilder();
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            if (path.isEmpty() && segment.getPath().isEmpty()) {
                continue;
            }
            path.append('/').append(segment.getPath());
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    @Override
    public List<String> headers(String name) {
        if (state != null) {
            for (var received : state.headersAsReceived().entrySet()) {
                if (received.getKey().equalsIgnoreCase(name)) {
                    return received.getValue();
                }
            }
        }
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public @Nullable String rawQuery() {
        String received = state == null ? null : state.queryAsReceived();
        return received != null
                ? received
                : request.getUriInfo().getRequestUri().getRawQuery();
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
