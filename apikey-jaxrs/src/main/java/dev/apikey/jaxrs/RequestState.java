package dev.apikey.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the key filters leave on a request for each other and for the response: the query as received (when a key was
 * taken out of it), the headers the answer must carry, the MDC value to restore. Kept as a request property behind a
 * type the application cannot read (the query may carry the key).
 */
final class RequestState {

    private static final String PROPERTY = RequestState.class.getName();

    private @Nullable String queryAsReceived;
    private Map<String, String> responseHeaders = Map.of();
    private boolean mdcSet;
    private @Nullable String previousMdc;

    private RequestState() {}

    /** The request's state, created on first use. */
    static RequestState of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof RequestState state) {
            return state;
        }
        RequestState state = new RequestState();
        request.setProperty(PROPERTY, state);
        return state;
    }

    /** The request's state, if a key filter left one. */
    static @Nullable RequestState find(ContainerRequestContext request) {
        return request.getProperty(PROPERTY) instanceof RequestState state ? state : null;
    }

    @Nullable
    String queryAsReceived() {
        return queryAsReceived;
    }

    void queryAsReceived(String rawQuery) {
        this.queryAsReceived = rawQuery;
    }

    Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    void responseHeaders(Map<String, String> headers) {
        this.responseHeaders = headers;
    }

    /** Remembers the MDC value replaced for this request, once. */
    void mdcReplaced(@Nullable String previous) {
        if (!mdcSet) {
            mdcSet = true;
            previousMdc = previous;
        }
    }

    boolean mdcSet() {
        return mdcSet;
    }

    @Nullable
    String previousMdc() {
        return previousMdc;
    }

    @Override
    public String toString() {
        return "RequestState";
    }
}
