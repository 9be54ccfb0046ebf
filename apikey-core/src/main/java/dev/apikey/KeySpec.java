package dev.apikey;

import dev.apikey.internal.SetOnce;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to issue: the attributes of a new key. The key itself, its id and its hash are made by
 * {@link ApiKeys#issue(KeySpec)}.
 *
 * <pre>{@code
 * KeySpec spec = KeySpec.builder("billing-service")
 *         .scopes("invoices:read", "invoices:write")
 *         .allowedNetworks("10.0.0.0/8")
 *         .expiresIn(Duration.ofDays(90))
 *         .build();
 * }</pre>
 *
 * @param name            who or what uses the key
 * @param scopes          permissions the key carries
 * @param allowedNetworks networks requests must come from; empty allows every address
 * @param metadata        free-form attributes for the application
 * @param notBefore       when the key becomes usable, if later than issue
 * @param expiresAt       when the key stops being usable, as an instant
 * @param lifetime        how long after issue the key stops being usable (exclusive with {@code expiresAt})
 * @param rateLimit       the key's token bucket, if any
 * @param quota           the key's quota, if any
 */
public record KeySpec(
        String name,
        Set<String> scopes,
        List<IpNetwork> allowedNetworks,
        Map<String, String> metadata,
        Optional<Instant> notBefore,
        Optional<Instant> expiresAt,
        Optional<Duration> lifetime,
        Optional<RateLimit> rateLimit,
        Optional<Quota> quota) {

    /**
     * Validates and copies every component.
     *
     * @throws IllegalArgumentException naming the first invalid component
     */
    public KeySpec {
        KeyAttributes.name(name);
        scopes = KeyAttributes.scopes(scopes);
        allowedNetworks = KeyAttributes.networks(allowedNetworks);
        metadata = KeyAttributes.metadata(metadata);
        if (notBefore == null || expiresAt == null || lifetime == null) {
            throw new IllegalArgumentException("notBefore, expiresAt and lifetime must be Optionals, not null");
        }
        KeyAttributes.instant("notBefore", notBefore.orElse(null));
        KeyAttributes.instant("expiresAt", expiresAt.orElse(null));
        if (rateLimit == null || quota == null) {
            throw new IllegalArgumentException("rateLimit and quota must be Optionals, not null");
        }
        if (expiresAt.isPresent() && lifetime.isPresent()) {
            throw new IllegalArgumentException("give either expiresAt or lifetime, not both");
        }
        if (lifetime.isPresent()
                && (lifetime.get().isNegative() || lifetime.get().isZero())) {
            throw new IllegalArgumentException("lifetime must be positive, got " + lifetime.get());
        }
        if (notBefore.isPresent() && expiresAt.isPresent() && !expiresAt.get().isAfter(notBefore.get())) {
            throw new IllegalArgumentException(
                    "expiresAt (" + expiresAt.get() + ") must be after notBefore (" + notBefore.get() + ")");
        }
    }

    /** A builder for a key with the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builder of {@link KeySpec}; each attribute may be set once, and everything is validated in {@link #build()}. */
    public static final class Builder {
        private final @Nullable String name;
        private @Nullable List<String> scopes;
        private @Nullable List<IpNetwork> allowedNetworks;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private @Nullable Instant notBefore;
        private @Nullable Instant expiresAt;
        private @Nullable Duration lifetime;
        private @Nullable RateLimit rateLimit;
        private @Nullable Quota quota;

        private Builder(@Nullable String name) {
            this.name = name == null ? null : name.strip();
        }

        /** Sets the scopes the key carries. */
        public Builder scopes(String... scopes) {
            return scopes(Arrays.asList(SetOnce.requireValue(scopes, "scopes")));
        }

        /** Sets the scopes the key carries. */
        public Builder scopes(Collection<String> scopes) {
            SetOnce.requireUnset(this.scopes, "scopes");
            if (scopes == null) {
                throw new IllegalArgumentException("scopes must not be null");
            }
            this.scopes = new ArrayList<>(scopes);
            return this;
        }

        /**
         * Sets the networks requests must come from, in CIDR notation ({@code 203.0.113.0/24},
         * {@code 2001:db8::/32}) or as single addresses.
         *
         * @throws IllegalArgumentException for text that is not a network
         */
        public Builder allowedNetworks(String... cidrs) {
            if (cidrs == null) {
                throw new IllegalArgumentException("allowedNetworks must not be null");
            }
            List<IpNetwork> networks = new ArrayList<>();
            for (String cidr : cidrs) {
                networks.add(IpNetwork.parse(cidr));
            }
            return allowedNetworks(networks);
        }

        /** Sets the networks requests must come from. */
        public Builder allowedNetworks(Collection<IpNetwork> networks) {
            SetOnce.requireUnset(this.allowedNetworks, "allowedNetworks");
            if (networks == null) {
                throw new IllegalArgumentException("allowedNetworks must not be null");
            }
            this.allowedNetworks = new ArrayList<>(networks);
            return this;
        }

        /** Adds one metadata entry. */
        public Builder metadata(String key, String value) {
            KeyAttributes.metadataKey(key);
            if (metadata.containsKey(key)) {
                throw new IllegalStateException("metadata " + SafeText.quoted(key) + " was already set");
            }
            metadata.put(key, KeyAttributes.metadataValue(key, value));
            return this;
        }

        /** Sets when the key becomes usable (inclusive). */
        public Builder notBefore(Instant notBefore) {
            SetOnce.requireUnset(this.notBefore, "notBefore");
            this.notBefore = SetOnce.requireValue(notBefore, "notBefore");
            return this;
        }

        /** Sets when the key stops being usable (exclusive). */
        public Builder expiresAt(Instant expiresAt) {
            SetOnce.requireUnset(this.expiresAt, "expiresAt");
            SetOnce.requireUnset(this.lifetime, "expiresIn");
            this.expiresAt = SetOnce.requireValue(expiresAt, "expiresAt");
            return this;
        }

        /** Sets how long after issue the key stops being usable, e.g. {@code Duration.ofDays(90)}. */
        public Builder expiresIn(Duration lifetime) {
            SetOnce.requireUnset(this.lifetime, "expiresIn");
            SetOnce.requireUnset(this.expiresAt, "expiresAt");
            this.lifetime = SetOnce.requireValue(lifetime, "expiresIn");
            return this;
        }

        /** Limits the key with a token bucket, e.g. {@code RateLimit.parse("100/1s")}. */
        public Builder rateLimit(RateLimit rateLimit) {
            SetOnce.requireUnset(this.rateLimit, "rateLimit");
            this.rateLimit = SetOnce.requireValue(rateLimit, "rateLimit");
            return this;
        }

        /** Gives the key a quota, e.g. {@code Quota.parse("10000/month")}. */
        public Builder quota(Quota quota) {
            SetOnce.requireUnset(this.quota, "quota");
            this.quota = SetOnce.requireValue(quota, "quota");
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException naming the first invalid value
         */
        public KeySpec build() {
            return new KeySpec(
                    KeyAttributes.name(name),
                    scopes == null ? Set.of() : new LinkedHashSet<>(scopes),
                    allowedNetworks == null ? List.of() : allowedNetworks,
                    metadata,
                    Optional.ofNullable(notBefore),
                    Optional.ofNullable(expiresAt),
                    Optional.ofNullable(lifetime),
                    Optional.ofNullable(rateLimit),
                    Optional.ofNullable(quota));
        }
    }
}
