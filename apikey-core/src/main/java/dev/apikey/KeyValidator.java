package dev.apikey;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a presented API key may be used for a request.
 *
 * <p>The pipeline stops at the first failure: presence → format (length, prefix, alphabet, checksum; no
 * hashing) → hash → store lookup by hash → constant-time comparison of the hashes → revoked → not yet valid
 * → expired → client address allowed → scopes satisfied. A failing store yields
 * {@link Verification.Reason#STORE_UNAVAILABLE}: the request is refused, never let through. Every attempt is
 * reported to the {@link VerificationListener}; successes are counted as usage without a store write.
 *
 * <p>Get one from {@link ApiKeys#validator()}. Thread-safe; never throws for any presented value.
 */
public interface KeyValidator {

    /**
     * Verifies a presented key for a request.
     *
     * @param presentedKey the key as received, or {@code null} when none was sent
     * @param context      the client address, required scopes and time of the request
     */
    Verification verify(@Nullable String presentedKey, VerificationContext context);

    /** Verifies a presented key with no address, no required scopes, at the validator's clock. */
    default Verification verify(@Nullable String presentedKey) {
        return verify(presentedKey, VerificationContext.none());
    }
}
