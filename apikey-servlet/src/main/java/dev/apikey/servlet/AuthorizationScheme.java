package dev.apikey.servlet;

/**
 * {@code Authorization} header schemes the filter can read a key from (opt-in; the default is none): the servlet
 * names of {@link dev.apikey.http.AuthorizationScheme}, which holds the rule.
 */
public enum AuthorizationScheme {
    /** {@code Authorization: ApiKey <key>}. */
    API_KEY(dev.apikey.http.AuthorizationScheme.API_KEY),
    /** {@code Authorization: Bearer <key>}. */
    BEARER(dev.apikey.http.AuthorizationScheme.BEARER);

    private final dev.apikey.http.AuthorizationScheme scheme;

    AuthorizationScheme(dev.apikey.http.AuthorizationScheme scheme) {
        this.scheme = scheme;
    }

    /** The scheme as written in the header, e.g. {@code ApiKey}. */
    public String token() {
        return scheme.token();
    }

    /** The HTTP layer's scheme. */
    dev.apikey.http.AuthorizationScheme scheme() {
        return scheme;
    }

    /**
     * The scheme written as {@code text} (case-insensitive: {@code apikey}, {@code Bearer}, ...).
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AuthorizationScheme fromToken(String text) {
        dev.apikey.http.AuthorizationScheme parsed = dev.apikey.http.AuthorizationScheme.fromToken(text);
        for (AuthorizationScheme scheme : values()) {
            if (scheme.scheme == parsed) {
                return scheme;
            }
        }
        throw new IllegalStateException("no servlet name for " + parsed);
    }
}
