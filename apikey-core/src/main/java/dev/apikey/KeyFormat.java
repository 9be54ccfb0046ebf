package dev.apikey;

import dev.apikey.internal.Contract;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The shape of an API key: {@code <prefix>_<body><checksum>}.
 *
 * <ul>
 *   <li>{@code prefix} matches {@code [a-z][a-z0-9_]{0,15}} (default {@value #DEFAULT_PREFIX}), so a key says
 *       what it is ({@code acme_live_…}) and secret scanners can recognise it;</li>
 *   <li>{@code body} is {@value #BODY_LENGTH} base62 characters ({@code 0-9A-Za-z}) encoding 32 bytes from
 *       {@link java.security.SecureRandom} (256 bits);</li>
 *   <li>{@code checksum} is {@value #CHECKSUM_LENGTH} base62 characters of the CRC-32 of
 *       {@code prefix_body}, so that a mistyped or truncated key is refused without touching the store.</li>
 * </ul>
 *
 * <p>Body and checksum have a fixed length, so a key splits unambiguously on its last {@code _}. Instances
 * are immutable and thread-safe; {@link #isWellFormed(CharSequence)} allocates nothing.
 */
public final class KeyFormat {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "ak";
    /** Number of base62 characters in a key's random body. */
    public static final int BODY_LENGTH = 43;
    /** Number of base62 characters in a key's checksum. */
    public static final int CHECKSUM_LENGTH = 6;
    /** Number of random bytes a key body encodes. */
    public static final int RANDOM_BYTES = 32;
    /** Number of body characters shown in a key's {@linkplain #hint(CharSequence) hint}. */
    static final int HINT_BODY_CHARS = 4;

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,15}");
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread bytes of a presented key and a CRC-32 engine: the JDK's CRC-32 runs on the CPU's CRC
     * instructions, several times faster than any loop over chars, and nothing is allocated per call. The bytes
     * are wiped after each use.
     */
    private static final class Scratch {
        final byte[] bytes = new byte[17 + BODY_LENGTH + CHECKSUM_LENGTH];
        final CRC32 crc = new CRC32();

        long crcOf(int length) {
            crc.reset();
            crc.update(bytes, 0, length);
            return crc.getValue();
        }
    }

    private static final int TAIL_LENGTH = BODY_LENGTH + CHECKSUM_LENGTH;

    private final String prefix;
    private final byte[] signedPrefix;
    private final int length;

    private KeyFormat(String prefix) {
        this.prefix = prefix;
        this.signedPrefix = (prefix + "_").getBytes(StandardCharsets.US_ASCII);
        this.length = prefix.length() + 1 + TAIL_LENGTH;
    }

    /** The format with the {@linkplain #DEFAULT_PREFIX default prefix}. */
    public static KeyFormat standard() {
        return of(DEFAULT_PREFIX);
    }

    /**
     * The format with the given prefix.
     *
     * @throws IllegalArgumentException if the prefix does not match {@code [a-z][a-z0-9_]{0,15}}
     */
    public static KeyFormat of(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException(
                    "key prefix must not be null; use KeyFormat.DEFAULT_PREFIX (\"ak\") if you have no preference");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("key prefix " + printable(prefix) + " is invalid: it must start with a"
                    + " lower-case letter and hold 1 to 16 characters of [a-z0-9_], e.g. \"acme_live\"");
        }
        return new KeyFormat(prefix);
    }

    /**
     * The format of any well-formed key, whatever its prefix: for tools that meet keys of several
     * applications (e.g. loading static keys). Returns empty for anything that is not a well-formed key.
     */
    public static Optional<KeyFormat> detect(CharSequence key) {
        if (key == null || key.length() < 2 + TAIL_LENGTH || key.length() > 17 + TAIL_LENGTH) {
            return Optional.empty();
        }
        int separator = key.length() - TAIL_LENGTH - 1;
        String candidate = key.subSequence(0, separator).toString();
        if (key.charAt(separator) != '_' || !PREFIX.matcher(candidate).matches()) {
            return Optional.empty();
        }
        KeyFormat format = new KeyFormat(candidate);
        return format.isWellFormed(key) ? Optional.of(format) : Optional.empty();
    }

    /** The prefix, without the separating underscore. */
    public String prefix() {
        return prefix;
    }

    /** The exact length of every key of this format. */
    public int length() {
        return length;
    }

    /**
     * Whether {@code candidate} has this format's prefix, length, alphabet and a correct checksum. Cheap: no
     * hashing, no allocation, no store access.
     */
    public boolean isWellFormed(CharSequence candidate) {
        byte[] ascii = asciiIfWellFormed(candidate);
        if (ascii == null) {
            return false;
        }
        wipe(ascii);
        return true;
    }

    /**
     * Checks {@code candidate} as {@link #isWellFormed(CharSequence)} does and, when it is well-formed, returns
     * this thread's buffer holding its ASCII bytes at {@code [0, length())}, so it can be hashed without another
     * copy; the caller must then {@linkplain #wipe(byte[]) wipe} them. Returns {@code null}, leaving nothing of
     * the candidate in the buffer, when it is not well-formed.
     */
    byte @Nullable [] asciiIfWellFormed(@Nullable CharSequence candidate) {
        if (candidate == null || candidate.length() != length) {
            return null;
        }
        int prefixLength = prefix.length();
        for (int i = 0; i < prefixLength; i++) {
            if (candidate.charAt(i) != prefix.charAt(i)) {
                return null;
            }
        }
        if (candidate.charAt(prefixLength) != '_') {
            return null;
        }
        int bodyStart = prefixLength + 1;
        int checksumStart = bodyStart + BODY_LENGTH;
        Scratch scratch = SCRATCH.get();
        byte[] ascii = scratch.bytes;
        System.arraycopy(signedPrefix, 0, ascii, 0, bodyStart);
        for (int i = bodyStart; i < length; i++) {
            char c = candidate.charAt(i);
            if (Base62.digitValue(c) < 0) {
                wipe(ascii);
                return null;
            }
            ascii[i] = (byte) c;
        }
        long presentedChecksum = Base62.decode(candidate, checksumStart, CHECKSUM_LENGTH);
        if (presentedChecksum != scratch.crcOf(checksumStart)) {
            wipe(ascii);
            return null;
        }
        return ascii;
    }

    /** Forgets the key bytes {@link #asciiIfWellFormed(CharSequence)} left in this thread's buffer. */
    void wipe(byte[] ascii) {
        Arrays.fill(ascii, 0, length, (byte) 0);
    }

    /**
     * The non-secret display form of a key of this format: the prefix and the first {@value #HINT_BODY_CHARS}
     * characters of the body, e.g. {@code ak_3xYz}. Safe to show in lists and logs.
     *
     * @throws IllegalArgumentException if {@code key} is not well-formed (the message never contains the key)
     */
    public String hint(CharSequence key) {
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException("not a well-formed key of prefix '" + prefix + "'");
        }
        return key.subSequence(0, prefix.length() + 1 + HINT_BODY_CHARS).toString();
    }

    /**
     * A regular expression that matches keys of this format anywhere in a text, for secret scanners
     * (gitleaks, GitHub push protection). It does not check the checksum.
     */
    public String scannerRegex() {
        return "\\b" + prefix + "_[0-9A-Za-z]{" + TAIL_LENGTH + "}\\b";
    }

    /** Builds a key from a body of {@value #BODY_LENGTH} base62 characters, appending the checksum. */
    String assemble(String body) {
        char[] key = new char[length];
        prefix.getChars(0, prefix.length(), key, 0);
        key[prefix.length()] = '_';
        body.getChars(0, BODY_LENGTH, key, prefix.length() + 1);
        int checksumStart = prefix.length() + 1 + BODY_LENGTH;
        CRC32 crc = new CRC32();
        crc.update(new String(key, 0, checksumStart).getBytes(StandardCharsets.US_ASCII));
        long checksum = crc.getValue();
        Base62.encode(checksum, key, checksumStart, CHECKSUM_LENGTH);
        return new String(key);
    }

    /**
     * The shortest run of base62 characters treated as secret. A key's body alone is the secret (its checksum can
     * be recomputed), and a body cut by a few characters is recovered by guessing the rest against the checksum:
     * from 42 of 43 characters, in a few dozen requests. A run of {@value} or more base62 characters, next to a
     * prefix or not, leaves at most 11 characters (over 65 bits) to guess, so anything that long counts as (part
     * of) a key. Key ids ({@code key_} + 20) and hints (4 body characters) stay well below it.
     */
    public static final int SECRET_RUN_LENGTH = 32;

    /**
     * Whether {@code text} contains anything that may be (part of) a key: a run of at least
     * {@value #SECRET_RUN_LENGTH} base62 characters, with or without a prefix before it and whatever its checksum.
     * Runs of hexadecimal digits of one case (hashes, commit ids, UUIDs without dashes) are not keys: 32 random base62
     * characters are all {@code [0-9a-f]} (or all {@code [0-9A-F]}) with a chance below 10<sup>-18</sup>. For values
     * that are echoed in messages, logs and {@code toString()} (names, scopes, metadata), which must never carry a
     * secret. A linear scan; allocates nothing.
     */
    static boolean occursIn(CharSequence text) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            int end = runEnd(text, i);
            if (isSecretRun(text, i, end)) {
                return true;
            }
            i = Math.max(end, i + 1);
        }
        return false;
    }

    /**
     * {@code text} with everything that may be (part of) a key of any prefix — every run of base62 characters that
     * {@linkplain #occursIn(CharSequence) counts as secret}, whether a prefix stands before it or not, whatever its
     * checksum, since the body alone is the secret and most of it is enough to recover the rest — replaced by
     * {@code <redacted>} (a prefix before it stays: it is not secret). For text from requests or users that goes
     * into logs or messages.
     *
     * @return the redacted text, or {@code null} when {@code text} is null
     */
    @Contract("null -> null; !null -> !null")
    public static @Nullable String redact(@Nullable CharSequence text) {
        if (text == null) {
            return null;
        }
        if (!occursIn(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int length = text.length();
        int i = 0;
        while (i < length) {
            int end = runEnd(text, i);
            if (end == i) {
                out.append(text.charAt(i++));
            } else {
                if (isSecretRun(text, i, end)) {
                    out.append("<redacted>");
                } else {
                    out.append(text, i, end);
                }
                i = end;
            }
        }
        return out.toString();
    }

    /** The end (exclusive) of the run of base62 characters starting at {@code start}; {@code start} if there is none. */
    private static int runEnd(CharSequence text, int start) {
        int end = start;
        while (end < text.length() && Base62.digitValue(text.charAt(end)) >= 0) {
            end++;
        }
        return end;
    }

    private static boolean isSecretRun(CharSequence text, int start, int end) {
        if (end - start < SECRET_RUN_LENGTH) {
            return false;
        }
        boolean lowerHex = true;
        boolean upperHex = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c > '9') {
                lowerHex &= c >= 'a' && c <= 'f';
                upperHex &= c >= 'A' && c <= 'F';
                if (!lowerHex && !upperHex) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Echoes a rejected prefix only when it is short enough that it cannot be (most of) a secret. */
    private static String printable(String prefix) {
        return prefix.length() <= 20
                ? "'" + SafeText.escape(prefix, 20) + "'"
                : "of " + prefix.length() + " characters";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyFormat format && format.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return "KeyFormat[" + prefix + "_<" + BODY_LENGTH + " base62><" + CHECKSUM_LENGTH + " checksum>]";
    }
}
