package dev.apikey.servlet;

/**
 * Which forwarding headers a trusted proxy sets, and so which ones the filter believes: the servlet names of
 * {@link dev.apikey.http.ForwardedHeaders}, which holds the rule. Exactly one is read: a proxy appends to its own
 * header and passes the other through untouched, so reading whichever a client sent would let the client choose
 * its address.
 */
public enum ForwardedHeaders {
    /** {@code X-Forwarded-For} and {@code X-Forwarded-Proto} (nginx, HAProxy, AWS ALB, most proxies). */
    X_FORWARDED_FOR(dev.apikey.http.ForwardedHeaders.X_FORWARDED_FOR),
    /** RFC 7239 {@code Forwarded: for=…;proto=…}. */
    FORWARDED(dev.apikey.http.ForwardedHeaders.FORWARDED);

    private final dev.apikey.http.ForwardedHeaders headers;

    ForwardedHeaders(dev.apikey.http.ForwardedHeaders headers) {
        this.headers = headers;
    }

    /** The HTTP layer's setting. */
    dev.apikey.http.ForwardedHeaders headers() {
        return headers;
    }

    /**
     * The setting written as {@code X-Forwarded-For} or {@code Forwarded} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ForwardedHeaders fromHeaderName(String name) {
        dev.apikey.http.ForwardedHeaders parsed = dev.apikey.http.ForwardedHeaders.fromHeaderName(name);
        return parsed == dev.apikey.http.ForwardedHeaders.FORWARDED ? FORWARDED : X_FORWARDED_FOR;
    }
}
