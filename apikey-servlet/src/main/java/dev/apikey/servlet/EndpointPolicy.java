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
 * @param cost   what one request costs against the key's rate limit and quota
 */
record EndpointPolicy(Access access, Set<String> scopes, ScopeMatch match, String source, int cost) {

    enum Access { DENY, PERMIT, REQUIRE }

    EndpointPolicy {
        scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
        if (cost < 1) {
            throw new IllegalStateException(source + " has cost " + cost + ": a request costs at least 1");
        }
    }

    static EndpointPolicy deny(String source) {
        return new EndpointPolicy(Access.DENY, Set.of(), ScopeMatch.ALL, source, 1);
    }

    static EndpointPolicy permit(String source) {
        return new EndpointPolicy(Access.PERMIT, Set.of(), ScopeMatch.ALL, source, 1);
    }

    static EndpointPolicy require(Set<String> scopes, ScopeMatch match, String source) {
        return new EndpointPolicy(Access.REQUIRE, scopes, match, source, 1);
    }

    static EndpointPolicy require(Set<String> scopes, ScopeMatch match, String source, int cost) {
        return new EndpointPolicy(Access.REQUIRE, scopes, match, source, cost);
    }

    /**
     * What a request needs, as a noun phrase: {@code open (no key; @PermitAll on HealthServlet)}, {@code an API key
     * with scopes [reports:read] (@RequireApiKey on ReportsServlet)} or {@code denied to everyone (@DenyAll on X)}.
     */
    String requirement() {
        String where = (cost > 1 ? "cost " + cost + "; " : "") + source;
        return switch (access) {
            case DENY -> "denied to everyone (" + where + ")";
            case PERMIT -> "open (no key; " + where + ")";
            case REQUIRE -> (scopes.isEmpty() ? "an API key"
                    : "an API key with " + (match == ScopeMatch.ALL || scopes.size() == 1 ? "scopes " : "any of the scopes ")
                    + new java.util.TreeSet<>(scopes)) + " (" + where + ")";
        };
    }

    /**
     * {@link #requirement()} worded to follow a subject in the start-up log: {@code is open (no key; …)},
     * {@code requires an API key (…)}, {@code is denied to everyone (…)}; {@code plural} for "other methods".
     */
    String predicate(boolean plural) {
        return (access == Access.REQUIRE ? (plural ? "require " : "requires ") : (plural ? "are " : "is ")) + requirement();
    }
}
