package dev.apikey;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * What a verification checks a key against, and what its audit event records: the client's address, the
 * scopes the endpoint requires, the instant of the request, and the request's method and path.
 *
 * @param clientAddress  the client's address, checked against the key's allowed networks
 * @param requiredScopes scopes the endpoint requires
 * @param scopeMatch     whether all or any of them are needed
 * @param time           the instant to verify at; empty means the validator's clock
 * @param method         the request method, for the audit event
 * @param path           the request path (without query string), for the audit event
 */
public record VerificationContext(
        Optional<InetAddress> clientAddress,
        Set<String> requiredScopes,
        ScopeMatch scopeMatch,
        Optional<Instant> time,
        Optional<String> method,
        Optional<String> path) {

    private static final VerificationContext NONE = builder().build();

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException for a null component or an invalid scope
     */
    public VerificationContext {
        if (clientAddress == null || time == null || method == null || path == null) {
            throw new IllegalArgumentException("optional parts must be Optional.empty(), not null");
        }
        requiredScopes = KeyAttributes.scopes(requiredScopes);
        if (scopeMatch == null) {
            throw new IllegalArgumentException("scopeMatch must not be null");
        }
    }

    /** Describes the context; key-shaped text in the method or path is redacted. */
    @Override
    public String toString() {
        return "VerificationContext[clientAddress=" + clientAddress.map(InetAddress::getHostAddress).orElse("-")
                + ", requiredScopes=" + requiredScopes + ", scopeMatch=" + scopeMatch + ", time=" + time.map(Instant::toString).orElse("-")
                + ", method=" + method.map(m -> AuditText.escapeRedactingKeys(m, 16)).orElse("-")
                + ", path=" + path.map(p -> AuditText.escapeRedactingKeys(p, 256)).orElse("-") + "]";
    }

    /** A context with no address, no required scopes and the validator's clock. */
    public static VerificationContext none() {
        return NONE;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link VerificationContext}. */
    public static final class Builder {
        private InetAddress clientAddress;
        private Collection<String> requiredScopes = Set.of();
        private ScopeMatch scopeMatch = ScopeMatch.ALL;
        private Instant time;
        private String method;
        private String path;

        private Builder() {}

        /** Sets the client's address. */
        public Builder clientAddress(InetAddress clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        /**
         * Sets the client's address from an IP literal (no DNS lookup).
         *
         * @throws IllegalArgumentException if {@code literal} is not an IP address
         */
        public Builder clientAddress(String literal) {
            this.clientAddress = IpNetwork.parseAddress(literal);
            return this;
        }

        /** Sets the scopes the endpoint requires and how they must be matched. */
        public Builder requiredScopes(ScopeMatch match, String... scopes) {
            return requiredScopes(match, scopes == null ? null : Arrays.asList(scopes));
        }

        /** Sets the scopes the endpoint requires and how they must be matched. */
        public Builder requiredScopes(ScopeMatch match, Collection<String> scopes) {
            this.scopeMatch = match;
            this.requiredScopes = scopes;
            return this;
        }

        /** Sets the scopes from an annotation. */
        public Builder require(RequireApiKey annotation) {
            return requiredScopes(annotation.match(), annotation.scopes());
        }

        /** Sets the instant to verify at (default: the validator's clock). */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /** Sets the request's method and path, recorded in the audit event. */
        public Builder request(String method, String path) {
            this.method = method;
            this.path = path;
            return this;
        }

        /**
         * The context.
         *
         * @throws IllegalArgumentException for an invalid scope or a missing match
         */
        public VerificationContext build() {
            return new VerificationContext(Optional.ofNullable(clientAddress), requiredScopes == null ? null
                    : new java.util.LinkedHashSet<>(requiredScopes), scopeMatch, Optional.ofNullable(time),
                    Optional.ofNullable(method), Optional.ofNullable(path));
        }
    }
}
