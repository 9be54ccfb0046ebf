package dev.apikey;

import java.util.Optional;

/**
 * The outcome of verifying a presented key: {@link Valid} with the key's record, or {@link Rejected} with the
 * first reason the pipeline stopped at.
 */
public sealed interface Verification permits Verification.Valid, Verification.Rejected {

    /** Whether the key was accepted. */
    boolean isValid();

    /** The key's record when it was identified (always for {@link Valid}; for some rejections). */
    Optional<ApiKey> key();

    /** The key's standing against its rate limit and quota, when it has one and was counted. */
    Optional<LimitStatus> limits();

    /** Why a key was refused, in the order the pipeline checks. */
    enum Reason {
        /** No key was presented. */
        MISSING,
        /** Wrong length, alphabet, prefix or checksum: refused without hashing or a store lookup. */
        MALFORMED,
        /** Well-formed, but no key with its hash is stored. */
        UNKNOWN,
        /** The key was revoked. */
        REVOKED,
        /** The key's not-before instant is in the future. */
        NOT_YET_VALID,
        /** The key has expired (including the end of a rotation's grace period). */
        EXPIRED,
        /** The request's client address is outside the key's allowed networks. */
        NETWORK_NOT_ALLOWED,
        /** The key lacks a scope the endpoint requires. */
        INSUFFICIENT_SCOPE,
        /** The key store failed; the request must be refused (fail closed), typically with 503. */
        STORE_UNAVAILABLE,
        /** The key's rate limit is used up for now; typically 429 with {@code Retry-After}. */
        RATE_LIMITED,
        /** The key's quota for the period (or in total) is used up; typically 429. */
        QUOTA_EXHAUSTED
    }

    /**
     * The key is valid for this request.
     *
     * @param apiKey the key's record
     * @param limits the key's standing against its limits, if it has any
     */
    record Valid(ApiKey apiKey, Optional<LimitStatus> limits) implements Verification {
        /**
         * Checks the record is present.
         *
         * @throws IllegalArgumentException if it is null
         */
        public Valid {
            if (apiKey == null || limits == null) {
                throw new IllegalArgumentException("apiKey must not be null, limits an Optional");
            }
        }

        /** A valid key without limits. */
        public Valid(ApiKey apiKey) {
            this(apiKey, Optional.empty());
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public Optional<ApiKey> key() {
            return Optional.of(apiKey);
        }
    }

    /**
     * The key was refused.
     *
     * @param reason the first check that failed
     * @param key    the key's record when it was identified ({@code REVOKED}, {@code EXPIRED},
     *               {@code NOT_YET_VALID}, {@code NETWORK_NOT_ALLOWED}, {@code INSUFFICIENT_SCOPE}, limits)
     * @param limits for {@code RATE_LIMITED} and {@code QUOTA_EXHAUSTED}: the key's standing
     */
    record Rejected(Reason reason, Optional<ApiKey> key, Optional<LimitStatus> limits) implements Verification {
        /**
         * Checks both parts are present.
         *
         * @throws IllegalArgumentException if one is null
         */
        public Rejected {
            if (reason == null || key == null || limits == null) {
                throw new IllegalArgumentException("reason, key and limits must not be null (use Optional.empty())");
            }
        }

        /** A rejection of an identified key, not about limits. */
        public Rejected(Reason reason, Optional<ApiKey> key) {
            this(reason, key, Optional.empty());
        }

        /** A rejection for a key that was not identified. */
        public Rejected(Reason reason) {
            this(reason, Optional.empty(), Optional.empty());
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }
}
