package dev.apikey.http;

import dev.apikey.SafeText;

/**
 * Which forwarding headers a trusted proxy sets, and so which ones are believed. Exactly one is read:
 * a proxy appends to its own header and passes the other through untouched, so reading whichever a client
 * sent would let the client choose its address.
 */
public enum ForwardedHeaders {
    /** {@code X-Forwarded-For} and {@code X-Forwarded-Proto} (nginx, HAProxy, AWS ALB, most proxies). */
    X_FORWARDED_FOR,
    /** RFC 7239 {@code Forwarded: for=…;proto=…}. */
    FORWARDED;

    /**
     * The setting written as {@code X-Forwarded-For} or {@code Forwarded} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ForwardedHeaders fromHeaderName(String name) {
        String value = name == null ? "" : name.strip();
        if (value.equalsIgnoreCase("X-Forwarded-For")) {
            return X_FORWARDED_FOR;
        }
        if (value.equalsIgnoreCase("Forwarded")) {
            return FORWARDED;
        }
        throw new IllegalArgumentException(
                "forwarded headers '" + SafeText.of(name) + "' unknown: use X-Forwarded-For or Forwarded");
    }
}
