package dev.apikey.jaxrs;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.grizzly.http.server.Request;

/**
 * The documented hook for a runtime outside a servlet container, as the README shows it for Jersey on Grizzly: a
 * pre-matching filter of the application hands the TCP peer's address to the feature.
 */
@PreMatching
public class GrizzlyPeerAddress implements ContainerRequestFilter {

    @Inject
    private Provider<Request> grizzlyRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(
                ApiKeyFeature.PEER_ADDRESS_PROPERTY, grizzlyRequest.get().getRemoteAddr());
    }
}
