package dev.apikey;

import java.security.SecureRandom;

/**
 * Makes new secret API keys of one {@link KeyFormat}.
 *
 * <p>Use {@link #secure()} or {@link #secure(String)}; implementations are thread-safe.
 *
 * <pre>{@code
 * KeyGenerator generator = KeyGenerator.secure("acme_live");
 * String key = generator.generate();   // acme_live_3xYz…  (show it once, store only its hash)
 * }</pre>
 */
public interface KeyGenerator {

    /** A new key: 32 bytes from {@link SecureRandom}, in this generator's {@linkplain #format() format}. */
    String generate();

    /** The format of the keys this generator makes, which the validator checks before any hashing. */
    KeyFormat format();

    /** A generator of keys with the default prefix {@value KeyFormat#DEFAULT_PREFIX}. */
    static KeyGenerator secure() {
        return secure(KeyFormat.DEFAULT_PREFIX);
    }

    /**
     * A generator of keys with the given prefix.
     *
     * @throws IllegalArgumentException if the prefix does not match {@code [a-z][a-z0-9_]{0,15}}
     */
    static KeyGenerator secure(String prefix) {
        return new SecureKeyGenerator(KeyFormat.of(prefix), new SecureRandom());
    }

    /**
     * A generator of keys with the given prefix drawing from the given {@link SecureRandom} (e.g. a
     * {@code DRBG} instance chosen by your security policy).
     */
    static KeyGenerator secure(String prefix, SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        return new SecureKeyGenerator(KeyFormat.of(prefix), random);
    }
}
