package dev.apikey.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the key filters leave on a request for each other and for the response: the places that carried a key as
 * received (removed from the request before it was matched), the headers the answer must carry. Kept as a request
 * property behind a type the application cannot read (it holds the key).
 */
final class RequestState {

    private static final String PROPERTY = RequestState.class.getName();

    private Map<String, List<String>> headersAsReceived = Map.of();
    private @Nullable String queryAsReceived;
    private Map<String, String> responseHeaders = Map.of();
    private boolean authenticated;

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

    /** The values of the key headers removed from the request, by header name as configured. */
    Map<String, List<String>> headersAsReceived() {
        return headersAsReceived;
    }

    void headersAsReceived(Map<String, List<String>> headers) {
        this.headersAsReceived = Map.copyOf(headers);
    }

    /** The raw query as received, when a key was taken out of it. */
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

    /** Whether a key authenticated the request (its id is in the MDC). */
    boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    @Override
    public String toString() {
        return "RequestState";
    }
}
