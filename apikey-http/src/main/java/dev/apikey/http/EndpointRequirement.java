package dev.apikey.http;

import dev.apikey.ScopeMatch;
import dev.apikey.VerificationContext;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an endpoint requires, and where that was decided (for start-up logs and errors): resolved once per handler
 * by an integration, from the handler's annotations ({@link EndpointAnnotations}), else the path rules, else the
 * default ({@link PathRules}).
 *
 * @param access what the endpoint requires
 * @param scopes scopes the key must hold when a key is required (unmodifiable, in the order given)
 * @param match  how the scopes must be matched
 * @param source where the decision comes from, e.g. {@code @RequireApiKey on ReportsServlet.doGet}
 * @param cost   what one request costs against the key's rate limit and quota (at least 1)
 */
public record EndpointRequirement(Access access, Set<String> scopes, ScopeMatch match, String source, int cost) {

    /** Whether an endpoint is refused to everyone, open, or needs a key. */
    public enum Access {
        /** Refused with 403 {@code forbidden}, key or not. */
        DENY,
        /** Open: no key needed (one sent is still hidden from the application). */
        PERMIT,
        /** A valid key holding the scopes. */
        REQUIRE
    }

    /**
     * Checks the requirement: scopes are ones the validator accepts, the cost is positive.
     *
     * @throws IllegalStateException naming {@code source} and what is wrong
     */
    public EndpointRequirement {
        if (access == null || scopes == null || match == null || source == null) {
            throw new IllegalArgumentException("an EndpointRequirement needs an access, scopes, a match and a source");
        }
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        if (cost < 1) {
            throw new IllegalStateException(source + " has cost " + cost + ": a request costs at least 1");
        }
        if (access == Access.REQUIRE) {
            try {
                VerificationContext.builder().requiredScopes(match, scopes).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + " is invalid: " + e.getMessage());
            }
        }
    }

    /** Refused to everyone. */
    public static EndpointRequirement deny(String source) {
        return new EndpointRequirement(Access.DENY, Set.of(), ScopeMatch.ALL, source, 1);
    }

    /** Open. */
    public static EndpointRequirement permit(String source) {
        return new EndpointRequirement(Access.PERMIT, Set.of(), ScopeMatch.ALL, source, 1);
    }

    /** A key holding all or any ({@code match}) of {@code scopes}; none: any valid key. */
    public static EndpointRequirement require(Set<String> scopes, ScopeMatch match, String source) {
        return new EndpointRequirement(Access.REQUIRE, scopes, match, source, 1);
    }

    /** A key holding {@code scopes}, each request costing {@code cost} against the key's limits. */
    public static EndpointRequirement require(Set<String> scopes, ScopeMatch match, String source, int cost) {
        return new EndpointRequirement(Access.REQUIRE, scopes, match, source, cost);
    }

    /**
     * What a request needs, as a noun phrase: {@code open (no key; @PermitAll on HealthServlet)}, {@code an API key
     * with scopes [reports:read] (@RequireApiKey on ReportsServlet)} or {@code denied to everyone (@DenyAll on X)}.
     */
    public String requirement() {
        String where = (cost > 1 ? "cost " + cost + "; " : "") + source;
        return switch (access) {
            case DENY -> "denied to everyone (" + where + ")";
            case PERMIT -> "open (no key; " + where + ")";
            case REQUIRE ->
                (scopes.isEmpty()
                                ? "an API key"
                                : "an API key with "
                                        + (match == ScopeMatch.ALL || scopes.size() == 1
                                                ? "scopes "
                                                : "any of the scopes ")
                                        + new TreeSet<>(scopes))
                        + " (" + where + ")";
        };
    }

    /**
     * {@link #requirement()} worded to follow a subject in a start-up log: {@code is open (no key; …)},
     * {@code requires an API key (…)}, {@code is denied to everyone (…)}; {@code plural} for "other methods".
     */
    public String predicate(boolean plural) {
        return (access == Access.REQUIRE ? (plural ? "require " : "requires ") : (plural ? "are " : "is "))
                + requirement();
    }
}
