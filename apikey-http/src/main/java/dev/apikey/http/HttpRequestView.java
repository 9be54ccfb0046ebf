package dev.apikey.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The few things of an HTTP request the layer's rules read, over whatever request type a framework has. An
 * integration implements it as a thin adapter (a servlet request, a Spring {@code ServerHttpRequest}, a JAX-RS
 * {@code ContainerRequestContext}); it must not parse, decode or judge anything itself: that is the layer's job.
 */
public interface HttpRequestView {

    /** The request method as sent, e.g. {@code GET}. */
    String method();

    /**
     * The request's path inside the application, decoded and normalised by the framework, without the context
     * path: {@code /reports}, never empty ({@code /} at the root).
     */
    String path();

    /** Every value of the header {@code name} (case-insensitive), one per header line as received; empty if none. */
    List<String> headers(String name);

    /** The raw (still percent-encoded) query string, without {@code ?}; {@code null} when the URL has none. */
    @Nullable
    String rawQuery();

    /** The TCP peer's address as text (an IP literal), or {@code null} when the framework does not know it. */
    @Nullable
    String peerAddress();

    /** Whether the request reached this server over TLS. */
    boolean secure();

    /** The first value of the header {@code name}, or {@code null}. */
    default @Nullable String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
