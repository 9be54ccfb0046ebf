package dev.apikey;

import java.nio.charset.StandardCharsets;

/**
 * Turns a presented API key into the {@link KeyHash} under which it is stored.
 *
 * <p>Two algorithms are provided. {@link #sha256()} suits keys from {@link KeyGenerator} (256 random bits
 * cannot be brute-forced from their hash). {@link #hmacSha256(byte[])} adds a server-side <em>pepper</em>: a
 * secret kept in configuration, never beside the hashes, so that a stolen copy of the key table is useless
 * on its own. Changing the algorithm or the pepper invalidates every stored hash.
 *
 * <p>Implementations are thread-safe and never retain or log the key.
 */
public interface KeyHasher {

    /** Minimum length of a pepper, in bytes. */
    int MIN_PEPPER_BYTES = 16;

    /** The hash of {@code key}. */
    KeyHash hash(CharSequence key);

    /** The algorithm's name as written in static key entries: {@code sha256} or {@code hmac-sha256}. */
    String algorithm();

    /** Plain SHA-256 of the key's UTF-8 bytes. */
    static KeyHasher sha256() {
        return DigestKeyHasher.sha256();
    }

    /**
     * HMAC-SHA256 of the key's UTF-8 bytes under a secret pepper.
     *
     * @param pepper at least {@value #MIN_PEPPER_BYTES} secret bytes, e.g. from {@code openssl rand -base64 32};
     *               copied
     * @throws IllegalArgumentException if the pepper is missing or too short
     */
    static KeyHasher hmacSha256(byte[] pepper) {
        if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException("the pepper must hold at least " + MIN_PEPPER_BYTES + " bytes, got "
                    + (pepper == null ? "none" : pepper.length) + "; generate one with: openssl rand -base64 32");
        }
        return DigestKeyHasher.hmacSha256(pepper.clone());
    }

    /**
     * HMAC-SHA256 under a pepper given as text (its UTF-8 bytes are the HMAC key), as read from an environment
     * variable such as {@code APIKEY_PEPPER}.
     *
     * @throws IllegalArgumentException if the pepper is missing or shorter than {@value #MIN_PEPPER_BYTES} bytes
     */
    static KeyHasher hmacSha256(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            throw new IllegalArgumentException("the pepper is empty; generate one with: openssl rand -base64 32");
        }
        return hmacSha256(pepper.getBytes(StandardCharsets.UTF_8));
    }
}
