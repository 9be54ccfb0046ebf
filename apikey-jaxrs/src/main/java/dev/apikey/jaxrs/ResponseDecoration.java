package dev.apikey.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.MDC;

/**
 * Finishes a request a key filter let through: the {@code RateLimit-*} fields on the answer (whatever the resource
 * answered, unless it set them itself), the MDC as it was before the request.
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
        if (state.mdcSet()) {
            String previous = state.previousMdc();
            if (previous == null) {
                MDC.remove(ApiKeyFeature.MDC_KEY);
            } else {
                MDC.put(ApiKeyFeature.MDC_KEY, previous);
            }
        }
    }

    @Override
    public String toString() {
        return "ResponseDecoration";
    }
}
