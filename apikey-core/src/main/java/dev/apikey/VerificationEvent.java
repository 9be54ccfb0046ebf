package dev.apikey;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One verification attempt, as reported to a {@link VerificationListener}. It never holds the presented key:
 * a known key is named by its id and hint, an unknown one by a short fingerprint of its hash.
 *
 * @param time            when the attempt was verified
 * @param reason          why the key was refused; empty when it was accepted
 * @param keyId           the key's id when it was identified
 * @param keyHint         the key's display hint when it was identified
 * @param hashFingerprint for a well-formed but unknown key: the first 8 hex digits of its hash
 * @param clientAddress   the client's address, if known
 * @param method          the request method, if known
 * @param path            the request path, if known (never the query string)
 */
public record VerificationEvent(
        Instant time,
        Optional<Verification.Reason> reason,
        Optional<String> keyId,
        Optional<String> keyHint,
        Optional<String> hashFingerprint,
        Optional<InetAddress> clientAddress,
        Optional<String> method,
        Optional<String> path) {

    /**
     * Checks every component is present.
     *
     * @throws IllegalArgumentException if one is null
     */
    public VerificationEvent {
        if (time == null
                || reason == null
                || keyId == null
                || keyHint == null
                || hashFingerprint == null
                || clientAddress == null
                || method == null
                || path == null) {
            throw new IllegalArgumentException("event components must not be null (use Optional.empty())");
        }
    }

    /** Whether the key was accepted. */
    public boolean accepted() {
        return reason.isEmpty();
    }
}
