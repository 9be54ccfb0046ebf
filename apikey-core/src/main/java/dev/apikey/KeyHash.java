package dev.apikey;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte hash of an API key, the only form in which a key is stored and looked up.
 *
 * <p>Immutable. {@link #equals(Object)} compares contents so hashes can key a map; code that decides whether
 * a presented key is valid uses {@link #matches(KeyHash)}, which runs in constant time. {@link #toString()}
 * shows only a short {@linkplain #fingerprint() fingerprint}.
 */
public final class KeyHash {

    /** Number of bytes in a hash. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private KeyHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A hash from its bytes (copied).
     *
     * @throws IllegalArgumentException unless exactly {@value #LENGTH} bytes are given
     */
    public static KeyHash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a key hash has " + LENGTH + " bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new KeyHash(bytes.clone());
    }

    /** Wraps a freshly computed digest without copying it; the caller must not keep the array. */
    static KeyHash wrap(byte[] digest) {
        return new KeyHash(digest);
    }

    /**
     * A hash from {@value #LENGTH} bytes written as 64 hexadecimal digits (either case).
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static KeyHash fromHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("a key hash is written as " + LENGTH * 2 + " hexadecimal digits, got "
                    + (hex == null ? "null" : hex.length() + " characters"));
        }
        try {
            return new KeyHash(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a key hash is written as " + LENGTH * 2
                    + " hexadecimal digits (0-9, a-f); found another character");
        }
    }

    /** A copy of the hash's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The hash as 64 lower-case hexadecimal digits. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /**
     * The first 8 hexadecimal digits: enough to correlate log lines about the same unknown key, far too
     * little to learn anything about the key.
     */
    public String fingerprint() {
        return HEX.formatHex(bytes, 0, 4);
    }

    /** Constant-time comparison: the time taken does not depend on where the hashes differ. */
    public boolean matches(KeyHash other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyHash hash && Arrays.equals(bytes, hash.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    @Override
    public String toString() {
        return "KeyHash[" + fingerprint() + "…]";
    }
}
