package dev.apikey.http;

import dev.apikey.SafeText;

/** {@code Authorization} header schemes a key can be read from (opt-in; the default is none). */
public enum AuthorizationScheme {
    /** {@code Authorization: ApiKey <key>}. */
    API_KEY("ApiKey"),
    /** {@code Authorization: Bearer <key>}. */
    BEARER("Bearer");

    private final String token;

    AuthorizationScheme(String token) {
        this.token = token;
    }

    /** The scheme as written in the header, e.g. {@code ApiKey}. */
    public String token() {
        return token;
    }

    /**
     * The scheme written as {@code text} (case-insensitive: {@code apikey}, {@code Bearer}, ...).
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AuthorizationScheme fromToken(String text) {
        for (AuthorizationScheme scheme : values()) {
            if (scheme.token.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return scheme;
            }
        }
        throw new IllegalArgumentException(
                "unknown Authorization scheme '" + SafeText.of(text) + "': use ApiKey or Bearer");
    }
}
