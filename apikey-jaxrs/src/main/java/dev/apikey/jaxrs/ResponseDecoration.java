package dev.apikey.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.MDC;

/**
 * Finishes a request a key filter let through: the {@code RateLimit-*} fields on the answer (whatever the resource
 * answered, unless it set them itself), the key's id out of the MDC (an asynchronous
 * resource's request thread is cleared by {@link KeyPlacesRemoval} when it takes its next request).
 */
final class ResponseDecoration implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        RequestState state = RequestState.find(request);
        if (state == null) {
            return;
        }
        state.responseHeaders().forEach((name, value) -> {
            if (!response.getHeaders().containsKey(name)) {
                response.getHeaders().putSingle(name, value);
            }
        });
        if (state.authenticated()) {
            MDC.remove(ApiKeyFeature.MDC_KEY);
        }
    }

    @Override
    public String toString() {
        return "ResponseDecoration";
    }
}
