package dev.apikey.jaxrs;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.KeySources;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The first thing the feature does with every request, before it is matched: clears a key id another request left in
 * the MDC of this thread (an asynchronous resource finishes elsewhere), and — when keys are hidden from the application
 * — takes every place that carries a key (the key header, an {@code Authorization} header of a configured scheme, the
 * query parameter) out of the request, keeping them in the {@link RequestState} for the key filter. So no resource,
 * exception mapper or later filter sees a key, whether the request is served, refused or matches nothing. Only a
 * pre-matching filter may change the request URI.
 */
@PreMatching
final class KeyPlacesRemoval implements ContainerRequestFilter {

    private final ApiKeyAuthenticator authenticator;
    private final boolean hideKey;

    KeyPlacesRemoval(ApiKeyAuthenticator authenticator, boolean hideKey) {
        this.authenticator = authenticator;
        this.hideKey = hideKey;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MDC.remove(ApiKeyFeature.MDC_KEY);
        if (!hideKey) {
            return;
        }
        KeySources presented = authenticator.presented(new ContainerRequestView(request));
        if (presented.isEmpty()) {
            return;
        }
        RequestState state = RequestState.of(request);
        Map<String, List<String>> received = new LinkedHashMap<>();
        for (String name : presented.headers()) {
            List<String> values = request.getHeaders().get(name);
            if (values != null) {
                received.put(name, List.copyOf(values));
            }
            request.getHeaders().remove(name);
        }
        state.headersAsReceived(received);
        URI uri = request.getUriInfo().getRequestUri();
        URI visible = presented.visibleUri(uri);
        if (visible != uri) {
            state.queryAsReceived(uri.getRawQuery());
            request.setRequestUri(request.getUriInfo().getBaseUri(), visible);
        }
    }

    @Override
    public String toString() {
        return "KeyPlacesRemoval[hideKey=" + hideKey + "]";
    }
}
