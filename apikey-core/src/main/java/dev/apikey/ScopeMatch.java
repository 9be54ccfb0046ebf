package dev.apikey;

import java.util.Set;

/** How a key's scopes must cover the scopes an endpoint requires. */
public enum ScopeMatch {
    /** The key must hold every required scope. */
    ALL,
    /** The key must hold at least one of the required scopes (none required: always satisfied). */
    ANY;

    /**
     * Whether {@code held} covers {@code required} this way; none required is always covered. The one scope check of
     * the library: {@link ApiKey#hasScopes} and every integration's principal use it.
     *
     * @throws IllegalArgumentException if either set is null
     */
    public boolean covers(Set<String> held, Set<String> required) {
        if (held == null || required == null) {
            throw new IllegalArgumentException("held and required scopes must not be null");
        }
        if (required.isEmpty()) {
            return true;
        }
        if (this == ALL) {
            return held.containsAll(required);
        }
        for (String scope : required) {
            if (held.contains(scope)) {
                return true;
            }
        }
        return false;
    }
}
