package dev.apikey;

import java.math.BigInteger;
import java.util.Arrays;

/** Fixed-width base62 encoding ({@code 0-9A-Za-z}) used by the key format and key ids. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final BigInteger RADIX = BigInteger.valueOf(62);
    private static final byte[] DIGIT_VALUES = new byte[128];

    static {
        Arrays.fill(DIGIT_VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGIT_VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Base62() {}

    /** The value of a base62 digit, or -1 when {@code c} is not one. */
    static int digitValue(char c) {
        return c < 128 ? DIGIT_VALUES[c] : -1;
    }

    /** Encodes unsigned {@code bytes} as exactly {@code width} digits, left-padded with '0'. */
    static String encode(byte[] bytes, int width) {
        BigInteger value = new BigInteger(1, bytes);
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(RADIX);
            out[i] = ALPHABET.charAt(quotientAndRemainder[1].intValue());
            value = quotientAndRemainder[0];
        }
        if (value.signum() != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes do not fit in " + width + " base62 digits");
        }
        return new String(out);
    }

    /** Encodes a non-negative {@code value} as exactly {@code width} digits, left-padded with '0'. */
    static void encode(long value, char[] out, int offset, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        if (value != 0) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
        }
    }

    /**
     * Decodes {@code width} digits of {@code text} from {@code offset} as a number, or returns -1 when one of
     * them is not a base62 digit. Width must be at most 10 so the result fits in a long.
     */
    static long decode(CharSequence text, int offset, int width) {
        long value = 0;
        for (int i = offset; i < offset + width; i++) {
            int digit = digitValue(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 62 + digit;
        }
        return value;
    }
}
