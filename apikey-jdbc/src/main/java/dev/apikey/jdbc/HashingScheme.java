package dev.apikey.jdbc;

import dev.apikey.KeyHasher;

/**
 * The fingerprint of how a database's keys are hashed: the hasher's algorithm and a keyed check value, the first
 * {@value #CHECK_HEX_DIGITS} hex digits of the hasher's hash of a fixed public text. Two hashers with the same
 * algorithm but different peppers differ in the check value (but for a chance of 1 in 2<sup>32</sup>). The pepper
 * itself is never stored, and 32 bits tell a guesser of the pepper less than one known key and its stored 256-bit
 * hash already do (SECURITY.md).
 *
 * @param algorithm {@link KeyHasher#algorithm()}, e.g. {@code hmac-sha256}
 * @param check     {@value #CHECK_HEX_DIGITS} lower-case hex digits
 */
record HashingScheme(String algorithm, String check) {

    /** What the check value hashes: public on purpose, it only has to be the same everywhere. */
    static final String CHECK_TEXT = "apikey-jdbc hashing scheme check, version 1";

    static final int CHECK_HEX_DIGITS = 8;

    HashingScheme {
        if (algorithm == null || !algorithm.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("a hasher's algorithm() must be 1 to 40 characters of A-Z a-z 0-9 . _ -,"
                    + " e.g. hmac-sha256; got "
                    + (algorithm == null ? "null" : "a value of " + algorithm.length() + " characters"));
        }
        if (check == null || !check.matches("[0-9a-f]{" + CHECK_HEX_DIGITS + "}")) {
            throw new IllegalArgumentException("a hashing scheme's check value is " + CHECK_HEX_DIGITS + " hex digits");
        }
    }

    /** The fingerprint of {@code hasher}. */
    static HashingScheme of(KeyHasher hasher) {
        if (hasher == null) {
            throw new IllegalArgumentException("hasher must not be null");
        }
        String algorithm = hasher.algorithm();
        String hex = hasher.hash(CHECK_TEXT).toHex();
        return new HashingScheme(algorithm, hex.substring(0, CHECK_HEX_DIGITS));
    }

    /**
     * The fingerprint as stored in {@code apikey_schema.hashing_scheme}, e.g. {@code hmac-sha256:3fa2b1c0}.
     */
    String text() {
        return algorithm + ":" + check;
    }

    /** The algorithm of a stored fingerprint, or the text's length if it cannot be one (a hand-edited row). */
    static String algorithmOf(String text) {
        int colon = text.lastIndexOf(':');
        String algorithm = colon < 0 ? "" : text.substring(0, colon);
        return algorithm.matches("[A-Za-z0-9._-]{1,40}")
                ? algorithm
                : "(an unreadable value of " + text.length() + " characters)";
    }

    /** The algorithm only: the check value is not secret, but nothing needs to show it. */
    @Override
    public String toString() {
        return "HashingScheme[" + algorithm + "]";
    }
}
