package dev.apikey.servlet;

import dev.apikey.ScopeMatch;
import java.util.Set;

/**
 * What an endpoint requires, and where that was decided (for the start-up log).
 *
 * @param access what the endpoint requires
 * @param scopes scopes the key must hold when a key is required
 * @param match  how the scopes must be matched
 * @param source where the decision comes from, e.g. {@code @RequireApiKey on ReportsServlet.doGet}
 */
record EndpointPolicy(Access access, Set<String> scopes, ScopeMatch match, String source) {

    enum Access { DENY, PERMIT, REQUIRE }

    EndpointPolicy {
        scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
    }

    static EndpointPolicy deny(String source) {
        return new EndpointPolicy(Access.DENY, Set.of(), ScopeMatch.ALL, source);
    }

    static EndpointPolicy permit(String source) {
        return new EndpointPolicy(Access.PERMIT, Set.of(), ScopeMatch.ALL, source);
    }

    static EndpointPolicy require(Set<String> scopes, ScopeMatch match, String source) {
        return new EndpointPolicy(Access.REQUIRE, scopes, match, source);
    }

    /** Human-readable requirement, e.g. {@code an API key with scopes [reports:read]}. */
    String describe() {
        return switch (access) {
            case DENY -> "denied to everyone";
            case PERMIT -> "open (no key)";
            case REQUIRE -> scopes.isEmpty() ? "an API key"
                    : "an API key with " + (match == ScopeMatch.ALL || scopes.size() == 1 ? "scopes " : "any of the scopes ")
                    + new java.util.TreeSet<>(scopes);
        } + " (" + source + ")";
    }
}
