package dev.apikey;

import dev.apikey.internal.SetOnce;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The stored record of an API key: everything about it except the key itself, of which only the
 * {@linkplain #hash() hash} is kept.
 *
 * <p>Instants are kept to the microsecond (finer parts are dropped), so that every store returns exactly the
 * record it was given. Validity window: a key is usable from {@link #notBefore()} inclusive (if set) until {@link #expiresAt()}
 * exclusive (if set), unless {@linkplain #revokedAt() revoked}. Usage ({@link #lastUsedAt()},
 * {@link #useCount()}) is maintained by the store from batched {@link KeyUsage} reports.
 *
 * <p>Immutable; build with {@link #builder()} or change a copy with {@link #toBuilder()}.
 *
 * @param id              public, non-secret identifier, e.g. {@code key_3xYzAbCdEfGhIjKlMnOp}
 * @param name            who or what uses the key
 * @param hash            hash of the key, the only form in which it is stored
 * @param hint            prefix and first characters of the key, for display and logs (e.g. {@code ak_3xYz})
 * @param scopes          permissions the key carries
 * @param allowedNetworks networks requests must come from; empty allows every address
 * @param metadata        free-form attributes for the application
 * @param createdAt       when the key was issued
 * @param notBefore       when the key becomes usable, if later than issue
 * @param expiresAt       when the key stops being usable
 * @param revokedAt       when the key was revoked
 * @param lastUsedAt      when the key last passed verification (as last flushed)
 * @param useCount        how many times the key passed verification (as last flushed)
 * @param rateLimit       the key's token bucket, if it has one
 * @param quota           the key's quota, if it has one
 * @param lineage         the id of the key that began this key's rotation chain, when this key replaced another
 *                        (by {@link ApiKeys#rotate}); its rate-limit and quota counters are that key's, see
 *                        {@link #limitsId()}
 */
public record ApiKey(
        String id,
        String name,
        KeyHash hash,
        String hint,
        Set<String> scopes,
        List<IpNetwork> allowedNetworks,
        Map<String, String> metadata,
        Instant createdAt,
        Optional<Instant> notBefore,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt,
        long useCount,
        Optional<RateLimit> rateLimit,
        Optional<Quota> quota,
        Optional<String> lineage) {

    /**
     * Validates and copies every component.
     *
     * @throws IllegalArgumentException naming the first invalid component
     */
    public ApiKey {
        KeyAttributes.id(id);
        KeyAttributes.name(name);
        if (hash == null) {
            throw new IllegalArgumentException("hash must not be null");
        }
        checkedHint(hint);
        scopes = KeyAttributes.scopes(scopes);
        allowedNetworks = KeyAttributes.networks(allowedNetworks);
        metadata = KeyAttributes.metadata(metadata);
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt must not be null");
        }
        requirePresent(notBefore, "notBefore");
        requirePresent(expiresAt, "expiresAt");
        requirePresent(revokedAt, "revokedAt");
        requirePresent(lastUsedAt, "lastUsedAt");
        createdAt = toMicros(createdAt);
        notBefore = notBefore.map(ApiKey::toMicros);
        expiresAt = expiresAt.map(ApiKey::toMicros);
        revokedAt = revokedAt.map(ApiKey::toMicros);
        lastUsedAt = lastUsedAt.map(ApiKey::toMicros);
        if (notBefore.isPresent() && expiresAt.isPresent() && !expiresAt.get().isAfter(notBefore.get())) {
            throw new IllegalArgumentException(
                    "expiresAt (" + expiresAt.get() + ") must be after notBefore (" + notBefore.get() + ")");
        }
        KeyAttributes.instant("createdAt", createdAt);
        KeyAttributes.instant("notBefore", notBefore.orElse(null));
        KeyAttributes.instant("expiresAt", expiresAt.orElse(null));
        KeyAttributes.instant("revokedAt", revokedAt.orElse(null));
        KeyAttributes.instant("lastUsedAt", lastUsedAt.orElse(null));
        if (useCount < 0) {
            throw new IllegalArgumentException("useCount must not be negative, got " + useCount);
        }
        if (rateLimit == null || quota == null) {
            throw new IllegalArgumentException("rateLimit and quota must be Optionals, not null");
        }
        if (lineage == null) {
            throw new IllegalArgumentException("lineage must be an Optional, not null");
        }
        lineage.ifPresent(KeyAttributes::id);
        if (lineage.filter(id::equals).isPresent()) {
            throw new IllegalArgumentException(
                    "lineage must name the key this one replaced, not the key itself: leave it empty");
        }
    }

    /**
     * The id whose rate-limit and quota counters this key consumes: its {@linkplain #lineage() lineage} when it
     * replaced another key, else its own id. A successor thus shares its predecessor's counters: rotating a key
     * neither resets its limits nor, during the grace period, doubles them.
     */
    public String limitsId() {
        return lineage.orElse(id);
    }

    /** Instants are kept to the microsecond, the precision every supported store can hold. */
    private static Instant toMicros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void requirePresent(Optional<Instant> value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be an Optional, not null");
        }
    }

    /** A builder for a key record; stores use it when reading rows. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Where this key stands at {@code now}: revoked first, then not yet valid, then expired, else active. */
    public KeyStatus statusAt(Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("now must not be null");
        }
        if (revokedAt.isPresent() && !now.isBefore(revokedAt.get())) {
            return KeyStatus.REVOKED;
        }
        if (notBefore.isPresent() && now.isBefore(notBefore.get())) {
            return KeyStatus.NOT_YET_VALID;
        }
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return KeyStatus.EXPIRED;
        }
        return KeyStatus.ACTIVE;
    }

    /** Whether a request from {@code client} is allowed: always when no networks are set. */
    public boolean allowsAddress(Optional<InetAddress> client) {
        if (client == null) {
            throw new IllegalArgumentException("client must be an Optional, not null");
        }
        if (allowedNetworks.isEmpty()) {
            return true;
        }
        if (client.isEmpty()) {
            return false;
        }
        for (IpNetwork network : allowedNetworks) {
            if (network.contains(client.get())) {
                return true;
            }
        }
        return false;
    }

    /** Whether this key's scopes cover {@code required} in the given way. */
    public boolean hasScopes(Set<String> required, ScopeMatch match) {
        if (required == null || match == null) {
            throw new IllegalArgumentException("required scopes and match must not be null");
        }
        return match.covers(scopes, required);
    }

    private static String checkedHint(@Nullable String hint) {
        if (hint == null || hint.isBlank() || hint.length() > 40) {
            throw new IllegalArgumentException("hint must hold 1 to 40 characters");
        }
        return hint;
    }

    /** Builder of {@link ApiKey}; every value is validated in {@link #build()}. */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable String name;
        private @Nullable KeyHash hash;
        private @Nullable String hint;
        private @Nullable Collection<String> scopes = Set.of();
        private @Nullable Collection<IpNetwork> allowedNetworks = List.of();
        private @Nullable Map<String, String> metadata = Map.of();
        private @Nullable Instant createdAt;
        private @Nullable Instant notBefore;
        private @Nullable Instant expiresAt;
        private @Nullable Instant revokedAt;
        private @Nullable Instant lastUsedAt;
        private long useCount;
        private @Nullable RateLimit rateLimit;
        private @Nullable Quota quota;
        private @Nullable String lineage;

        private Builder() {}

        private Builder(ApiKey key) {
            id = key.id;
            name = key.name;
            hash = key.hash;
            hint = key.hint;
            scopes = key.scopes;
            allowedNetworks = key.allowedNetworks;
            metadata = key.metadata;
            createdAt = key.createdAt;
            notBefore = key.notBefore.orElse(null);
            expiresAt = key.expiresAt.orElse(null);
            revokedAt = key.revokedAt.orElse(null);
            lastUsedAt = key.lastUsedAt.orElse(null);
            useCount = key.useCount;
            rateLimit = key.rateLimit.orElse(null);
            quota = key.quota.orElse(null);
            lineage = key.lineage.orElse(null);
        }

        /** Sets the public id. */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /** Sets the name. */
        public Builder name(@Nullable String name) {
            this.name = name;
            return this;
        }

        /** Sets the key's hash. */
        public Builder hash(@Nullable KeyHash hash) {
            this.hash = hash;
            return this;
        }

        /** Sets the display hint. */
        public Builder hint(@Nullable String hint) {
            this.hint = hint;
            return this;
        }

        /** Sets the scopes. */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = scopes == null ? null : new ArrayList<>(scopes);
            return this;
        }

        /** Sets the allowed networks; empty allows every address. */
        public Builder allowedNetworks(Collection<IpNetwork> allowedNetworks) {
            this.allowedNetworks = allowedNetworks == null ? null : new ArrayList<>(allowedNetworks);
            return this;
        }

        /** Sets the metadata. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
            return this;
        }

        /** Sets when the key was issued. */
        public Builder createdAt(@Nullable Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Sets when the key becomes usable; {@code null} for at once. */
        public Builder notBefore(@Nullable Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** Sets when the key stops being usable; {@code null} for never. */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** Sets when the key was revoked; {@code null} for not revoked. */
        public Builder revokedAt(@Nullable Instant revokedAt) {
            this.revokedAt = revokedAt;
            return this;
        }

        /** Sets when the key was last used; {@code null} for never. */
        public Builder lastUsedAt(@Nullable Instant lastUsedAt) {
            this.lastUsedAt = lastUsedAt;
            return this;
        }

        /** Sets how often the key was used. */
        public Builder useCount(long useCount) {
            this.useCount = useCount;
            return this;
        }

        /** Sets the key's rate limit; {@code null} for none. */
        public Builder rateLimit(@Nullable RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** Sets the key's quota; {@code null} for none. */
        public Builder quota(@Nullable Quota quota) {
            this.quota = quota;
            return this;
        }

        /** Sets the id of the key that began this key's rotation chain; {@code null} when it replaced none. */
        public Builder lineage(@Nullable String lineage) {
            this.lineage = lineage;
            return this;
        }

        /**
         * The record.
         *
         * @throws IllegalArgumentException naming the first missing or invalid value
         */
        public ApiKey build() {
            return new ApiKey(
                    KeyAttributes.id(id),
                    KeyAttributes.name(name),
                    SetOnce.requireValue(hash, "hash"),
                    checkedHint(hint),
                    KeyAttributes.scopes(scopes),
                    KeyAttributes.networks(allowedNetworks),
                    KeyAttributes.metadata(metadata),
                    SetOnce.requireValue(createdAt, "createdAt"),
                    Optional.ofNullable(notBefore),
                    Optional.ofNullable(expiresAt),
                    Optional.ofNullable(revokedAt),
                    Optional.ofNullable(lastUsedAt),
                    useCount,
                    Optional.ofNullable(rateLimit),
                    Optional.ofNullable(quota),
                    Optional.ofNullable(lineage));
        }
    }
}
