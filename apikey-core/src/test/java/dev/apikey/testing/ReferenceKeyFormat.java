package dev.apikey.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An independent, deliberately slow statement of the key format (regex, BigInteger base62, CRC-32 over the
 * ASCII bytes), used as the oracle of the fuzz tests: {@link KeyFormat} must agree with it on every input.
 */
public final class ReferenceKeyFormat {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern KEY = Pattern.compile("([a-z][a-z0-9_]{0,15})_([0-9A-Za-z]{43})([0-9A-Za-z]{6})");

    private ReferenceKeyFormat() {}

    /** Whether {@code text} is a key of {@code prefix}: shape, alphabet and checksum. */
    public static boolean isKey(String prefix, String text) {
        Matcher matcher = KEY.matcher(text);
        return matcher.matches() && matcher.group(1).equals(prefix) && checksumHolds(text);
    }

    /** The prefix of {@code text} when it is a key of any valid prefix, else {@code null}. */
    public static String prefixOf(String text) {
        Matcher matcher = KEY.matcher(text);
        return matcher.matches() && checksumHolds(text) ? matcher.group(1) : null;
    }

    /** The key made of {@code prefix}, {@code body} (43 base62 characters) and its checksum. */
    public static String key(String prefix, String body) {
        String signed = prefix + "_" + body;
        String key = signed + base62(crc(signed), 6);
        if (!isKey(prefix, key)) {
            throw new IllegalArgumentException("not a valid prefix and 43-character base62 body");
        }
        return key;
    }

    private static boolean checksumHolds(String text) {
        String signed = text.substring(0, text.length() - 6);
        return base62(crc(signed), 6).equals(text.substring(text.length() - 6));
    }

    private static long crc(String signed) {
        CRC32 crc = new CRC32();
        crc.update(signed.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String base62(long value, int width) {
        StringBuilder out = new StringBuilder();
        BigInteger remaining = BigInteger.valueOf(value);
        BigInteger radix = BigInteger.valueOf(62);
        for (int i = 0; i < width; i++) {
            BigInteger[] division = remaining.divideAndRemainder(radix);
            out.insert(0, DIGITS.charAt(division[1].intValue()));
            remaining = division[0];
        }
        return out.toString();
    }
}
