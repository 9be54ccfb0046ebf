package dev.apikey.servlet;

import dev.apikey.ApiKey;
import dev.apikey.ScopeMatch;
import jakarta.servlet.ServletRequest;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a request authenticated by {@link ApiKeyFilter}: what
 * {@code request.getUserPrincipal()} returns. It never holds the key itself.
 *
 * <p>{@link #getName()} (and so {@code request.getRemoteUser()}) is the key's <em>id</em>, unique and stable;
 * {@link #name()} is the human-readable name the key was issued with.
 *
 * @param id       the key's public id
 * @param name     the key's name
 * @param hint     the key's display hint (prefix and first characters)
 * @param scopes   the key's scopes (also answered by {@code request.isUserInRole(scope)})
 * @param metadata the key's metadata
 */
public record ApiKeyPrincipal(String id, String name, String hint, Set<String> scopes, Map<String, String> metadata)
        implements Principal {

    /**
     * Copies the collections.
     *
     * @throws IllegalArgumentException if a component is null
     */
    public ApiKeyPrincipal {
        if (id == null || name == null || hint == null || scopes == null || metadata == null) {
            throw new IllegalArgumentException("principal components must not be null");
        }
        scopes = Set.copyOf(scopes);
        metadata = Map.copyOf(metadata);
    }

    /** The principal of a key's record. */
    public static ApiKeyPrincipal of(ApiKey key) {
        return new ApiKeyPrincipal(key.id(), key.name(), key.hint(), key.scopes(), key.metadata());
    }

    /** The principal of a request the filter authenticated, on any dispatch of it. */
    public static Optional<ApiKeyPrincipal> from(ServletRequest request) {
        FilterOutcomes.Authenticated authenticated = FilterOutcomes.Authenticated.of(request);
        return authenticated == null ? Optional.empty() : Optional.of(authenticated.principal());
    }

    /** The key's id: unique and stable, the identity of the caller. */
    @Override
    public String getName() {
        return id;
    }

    /** Whether the key holds {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Whether the key's scopes cover {@code required} in the given way (none required: always). */
    public boolean holds(Set<String> required, ScopeMatch match) {
        return match.covers(scopes, required);
    }
}
