package dev.apikey;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link KeyHasher} over a JCA digest (SHA-256) or MAC (HMAC-SHA256 with a pepper), with one reusable digest
 * and input buffer per thread, so hashing a well-formed key allocates only its result.
 */
final class DigestKeyHasher implements KeyHasher {

    /** One thread's digest: hashes {@code length} bytes of {@code input}, leaving itself ready for reuse. */
    @FunctionalInterface
    interface Digest {
        byte[] digest(byte[] input, int length);
    }

    private static final class PerThread {
        final Digest digest;
        final DigestInput input = new DigestInput();

        PerThread(Digest digest) {
            this.digest = digest;
        }
    }

    private final String algorithm;
    private final String description;
    private final ThreadLocal<PerThread> perThread;

    private DigestKeyHasher(String algorithm, String description, Supplier<Digest> digests) {
        this.algorithm = algorithm;
        this.description = description;
        if (digests.get() == null) { // fail now, not at the first request, if the platform lacks the algorithm
            throw new IllegalStateException("no digest for " + algorithm);
        }
        this.perThread = ThreadLocal.withInitial(() -> new PerThread(digests.get()));
    }

    static DigestKeyHasher sha256() {
        return new DigestKeyHasher("sha256", "KeyHasher.sha256()", () -> {
            MessageDigest sha256 = newSha256();
            return (input, length) -> {
                sha256.update(input, 0, length);
                return sha256.digest();
            };
        });
    }

    /** HMAC-SHA256 under {@code pepper}, which the caller has validated and copied. */
    static DigestKeyHasher hmacSha256(byte[] pepper) {
        SecretKeySpec key = new SecretKeySpec(pepper, "HmacSHA256");
        return new DigestKeyHasher("hmac-sha256", "KeyHasher.hmacSha256(<pepper redacted>)", () -> {
            Mac mac = newMac(key);
            return (input, length) -> {
                mac.update(input, 0, length);
                return mac.doFinal();
            };
        });
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "this JVM cannot compute HMAC-SHA256: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public KeyHash hash(CharSequence key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        PerThread state = perThread.get();
        state.input.load(key);
        try {
            return KeyHash.wrap(state.digest.digest(state.input.bytes(), state.input.length()));
        } finally {
            state.input.clear();
        }
    }

    /**
     * Hashes the first {@code length} bytes of {@code ascii}, a well-formed key's bytes as
     * {@link KeyFormat#asciiIfWellFormed(CharSequence)} leaves them: the same hash as {@link #hash(CharSequence)}
     * of the key, without copying it again. The caller wipes the bytes.
     */
    KeyHash hashAscii(byte[] ascii, int length) {
        return KeyHash.wrap(perThread.get().digest.digest(ascii, length));
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return description;
    }
}
