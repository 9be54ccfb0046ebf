package dev.apikey.http;

import org.jspecify.annotations.Nullable;

/**
 * What a request presented: no key, one key, or two different keys — and where they were found, so that
 * every such place can be hidden from the application, ambiguous or not.
 *
 * @param key       the key, or {@code null} when none was sent or the request is ambiguous
 * @param ambiguous whether two different keys were sent
 * @param fromHeader       whether a key came from the key header
 * @param fromAuthorization whether one came from the {@code Authorization} header
 * @param fromQuery        whether one came from the query parameter
 */
record PresentedKey(
        @Nullable String key, boolean ambiguous, boolean fromHeader, boolean fromAuthorization, boolean fromQuery) {

    /** Never shows the key. */
    @Override
    public String toString() {
        return "PresentedKey[" + (key == null ? "none" : "one key") + (ambiguous ? ", ambiguous" : "")
                + (fromHeader ? ", header" : "") + (fromAuthorization ? ", authorization" : "")
                + (fromQuery ? ", query" : "") + "]";
    }

    static final PresentedKey NONE = new PresentedKey(null, false, false, false, false);

    /** Whether any place carried a key (ambiguous or not): then there is something to hide. */
    boolean carriedAny() {
        return fromHeader || fromAuthorization || fromQuery;
    }
}
