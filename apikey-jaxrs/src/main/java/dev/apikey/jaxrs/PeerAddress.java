package dev.apikey.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Where the TCP peer's address of a request is read: Jakarta REST has no portable way to ask. In a servlet container
 * {@link ServletPeerCapture} copies it from the servlet request into the request property
 * {@link ApiKeyFeature#PEER_ADDRESS_PROPERTY}; on any other runtime the application sets that property itself, from a
 * {@code @PreMatching} filter of its own (the README shows one for Jersey on Grizzly).
 */
final class PeerAddress {

    private PeerAddress() {}

    /** The peer's address as set on {@code request}, or {@code null} when unknown. */
    static @Nullable String of(ContainerRequestContext request) {
        return request.getProperty(ApiKeyFeature.PEER_ADDRESS_PROPERTY) instanceof String address && !address.isBlank()
                ? address
                : null;
    }

    /** Whether the servlet API is there to read: only then is {@link ServletPeerCapture} registered. */
    static boolean servletApiPresent() {
        try {
            Class.forName("jakarta.servlet.http.HttpServletRequest", false, PeerAddress.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
