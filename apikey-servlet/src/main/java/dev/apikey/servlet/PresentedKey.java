package dev.apikey.servlet;

/**
 * What a request presented: no key, one key (and where it was found, so it can be hidden from the
 * application), or two different keys.
 *
 * @param key       the key, or {@code null} when none was sent
 * @param ambiguous whether two different keys were sent
 * @param fromHeader       whether the key came from the key header
 * @param fromAuthorization whether it came from the {@code Authorization} header
 * @param fromQuery        whether it came from the query parameter
 */
record PresentedKey(String key, boolean ambiguous, boolean fromHeader, boolean fromAuthorization, boolean fromQuery) {

    /** Never shows the key. */
    @Override
    public String toString() {
        return "PresentedKey[" + (key == null ? "none" : "one key") + (ambiguous ? ", ambiguous" : "")
                + (fromHeader ? ", header" : "") + (fromAuthorization ? ", authorization" : "") + (fromQuery ? ", query" : "") + "]";
    }

    static final PresentedKey NONE = new PresentedKey(null, false, false, false, false);
    static final PresentedKey AMBIGUOUS = new PresentedKey(null, true, false, false, false);
}
