package dev.apikey;

/**
 * CRC-32 (IEEE 802.3, the polynomial of {@link java.util.zip.CRC32}) over the low byte of each char of a
 * {@link CharSequence}, computed without allocating so that a mistyped key is refused before any hashing.
 */
final class Crc32 {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32() {}

    /** The CRC-32 of chars {@code [from, to)} of {@code text}, each taken as one byte (callers pass ASCII). */
    static long of(CharSequence text, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc = TABLE[(crc ^ text.charAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return (~crc) & 0xFFFFFFFFL;
    }
}
