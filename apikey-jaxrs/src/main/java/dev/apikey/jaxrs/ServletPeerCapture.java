package dev.apikey.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * Copies the servlet request's remote address into {@link ApiKeyFeature#PEER_ADDRESS_PROPERTY} when the runtime runs
 * in a servlet container (Jakarta REST injects the servlet request there) and the application set no address itself.
 * Elsewhere nothing is injected and nothing is copied. Loaded only when the servlet API is on the class path.
 */
@PreMatching
final class ServletPeerCapture implements ContainerRequestFilter {

    @Context
    private @Nullable HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(ApiKeyFeature.PEER_ADDRESS_PROPERTY) != null) {
            return;
        }
        String address = remoteAddress();
        if (address != null) {
            request.setProperty(ApiKeyFeature.PEER_ADDRESS_PROPERTY, address);
        }
    }

    private @Nullable String remoteAddress() {
        HttpServletRequest current = servletRequest;
        if (current == null) {
            return null;
        }
        try {
            return current.getRemoteAddr();
        } catch (RuntimeException notInAServletRequest) {
            // an injected proxy outside a servlet request (a runtime that injects one everywhere)
            return null;
        }
    }

    @Override
    public String toString() {
        return "ServletPeerCapture";
    }
}
