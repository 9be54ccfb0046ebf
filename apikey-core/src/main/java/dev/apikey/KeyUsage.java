package dev.apikey;

import java.time.Instant;

/**
 * Usage of one key gathered since the last flush, reported to {@link KeyStore#recordUsage(java.util.Collection)}
 * in batches so that no request waits on a store write.
 *
 * @param keyId      the key's id
 * @param uses       how many verifications passed since the last report (at least 1)
 * @param lastUsedAt the latest of them
 */
public record KeyUsage(String keyId, long uses, Instant lastUsedAt) {

    /**
     * Validates the report.
     *
     * @throws IllegalArgumentException for a missing id or time, or fewer than one use
     */
    public KeyUsage {
        KeyAttributes.id(keyId);
        if (uses < 1) {
            throw new IllegalArgumentException("uses must be at least 1, got " + uses);
        }
        if (lastUsedAt == null) {
            throw new IllegalArgumentException("lastUsedAt must not be null");
        }
    }
}
