package dev.apikey;

import dev.apikey.internal.SetOnce;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a verification checks a key against, and what its audit event records: the client's address, the
 * scopes the endpoint requires, and the request's method and path.
 *
 * <p>The instant of the verification is deliberately not part of the context: it always comes from the
 * validator's {@link java.time.Clock}, so no caller can verify a key "as of" a time before its revocation
 * or expiry. Key-shaped text in the method or path (a client that put its key in the URL) is replaced by
 * {@code <redacted>} when the context is made, so no listener ever receives it.
 *
 * @param clientAddress  the client's address, checked against the key's allowed networks
 * @param requiredScopes scopes the endpoint requires
 * @param scopeMatch     whether all or any of them are needed
 * @param method         the request method, for the audit event
 * @param path           the request path (without query string), for the audit event
 * @param cost           what the request costs against the key's rate limit and quota (at least 1)
 */
public record VerificationContext(
        Optional<InetAddress> clientAddress,
        Set<String> requiredScopes,
        ScopeMatch scopeMatch,
        Optional<String> method,
        Optional<String> path,
        long cost) {

    private static final VerificationContext NONE = builder().build();

    /**
     * Validates and copies the components; redacts key-shaped text in method and path.
     *
     * @throws IllegalArgumentException for a null component or an invalid scope
     */
    public VerificationContext {
        if (clientAddress == null || method == null || path == null) {
            throw new IllegalArgumentException("optional parts must be Optional.empty(), not null");
        }
        requiredScopes = KeyAttributes.scopes(requiredScopes);
        if (scopeMatch == null) {
            throw new IllegalArgumentException("scopeMatch must not be null");
        }
        if (cost < 1 || cost > 1_000_000) {
            throw new IllegalArgumentException("cost must lie between 1 and 1000000, got " + cost);
        }
        method = method.map(KeyFormat::redact);
        path = path.map(KeyFormat::redact);
    }

    /** Describes the context with escaped method and path. */
    @Override
    public String toString() {
        return "VerificationContext[clientAddress="
                + clientAddress.map(InetAddress::getHostAddress).orElse("-")
                + ", requiredScopes=" + requiredScopes + ", scopeMatch=" + scopeMatch
                + ", method=" + method.map(m -> SafeText.field(m, 16)).orElse("-")
                + ", path=" + path.map(p -> SafeText.field(p, 256)).orElse("-") + ", cost=" + cost + "]";
    }

    /** A context with no address and no required scopes. */
    public static VerificationContext none() {
        return NONE;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link VerificationContext}; each part may be set once. */
    public static final class Builder {
        private @Nullable InetAddress clientAddress;
        private @Nullable Collection<String> requiredScopes;
        private @Nullable ScopeMatch scopeMatch;
        private @Nullable String method;
        private @Nullable String path;
        private @Nullable Long cost;

        private Builder() {}

        /** Sets the client's address ({@code null}: unknown, so keys restricted to networks are refused). */
        public Builder clientAddress(@Nullable InetAddress clientAddress) {
            SetOnce.requireUnset(this.clientAddress, "clientAddress");
            this.clientAddress = clientAddress;
            return this;
        }

        /**
         * Sets the client's address from an IP literal (no DNS lookup).
         *
         * @throws IllegalArgumentException if {@code literal} is not an IP address
         */
        public Builder clientAddress(String literal) {
            return clientAddress(IpNetwork.parseAddress(literal));
        }

        /** Sets the scopes the endpoint requires and how they must be matched. */
        public Builder requiredScopes(ScopeMatch match, String... scopes) {
            if (scopes == null) {
                throw new IllegalArgumentException(
                        "match and scopes must not be null; pass no scopes for \"any valid key\"");
            }
            return requiredScopes(match, Arrays.asList(scopes));
        }

        /**
         * Sets the scopes the endpoint requires and how they must be matched; {@code scopes} is read (and copied) by
         * {@link #build()}.
         */
        public Builder requiredScopes(ScopeMatch match, Collection<String> scopes) {
            SetOnce.requireUnset(this.scopeMatch, "requiredScopes");
            if (match == null || scopes == null) {
                throw new IllegalArgumentException(
                        "match and scopes must not be null; pass no scopes for \"any valid key\"");
            }
            this.scopeMatch = match;
            this.requiredScopes = scopes;
            return this;
        }

        /** Sets the required scopes and the cost from an annotation. */
        public Builder require(RequireApiKey annotation) {
            if (annotation == null) {
                throw new IllegalArgumentException("annotation must not be null");
            }
            return requiredScopes(annotation.match(), annotation.scopes()).cost(annotation.cost());
        }

        /** Sets what the request costs against the key's limits (default 1). */
        public Builder cost(long cost) {
            SetOnce.requireUnset(this.cost, "cost");
            this.cost = cost;
            return this;
        }

        /** Sets the request's method and path, recorded in the audit event. */
        public Builder request(String method, String path) {
            if (this.method != null || this.path != null) {
                throw new IllegalStateException("request was already set");
            }
            this.method = method;
            this.path = path;
            return this;
        }

        /**
         * The context.
         *
         * @throws IllegalArgumentException for an invalid scope
         */
        public VerificationContext build() {
            return new VerificationContext(
                    Optional.ofNullable(clientAddress),
                    requiredScopes == null ? Set.of() : new LinkedHashSet<>(requiredScopes),
                    scopeMatch == null ? ScopeMatch.ALL : scopeMatch,
                    Optional.ofNullable(method),
                    Optional.ofNullable(path),
                    cost == null ? 1 : cost);
        }
    }
}
