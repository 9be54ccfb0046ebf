package dev.apikey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Per-thread scratch buffer that turns a key into the bytes fed to a digest without allocating when the key
 * is ASCII (every well-formed key is), falling back to UTF-8 encoding otherwise.
 */
final class DigestInput {

    private static final int CAPACITY = 256;

    private final byte[] buffer = new byte[CAPACITY];
    private byte @Nullable [] current;
    private int length;

    /** Loads {@code key}; afterwards {@link #bytes()} and {@link #length()} describe its UTF-8 form. */
    void load(CharSequence key) {
        int n = key.length();
        if (n <= CAPACITY) {
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                char c = key.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                buffer[i] = (byte) c;
            }
            if (ascii) {
                current = buffer;
                length = n;
                return;
            }
        }
        current = key.toString().getBytes(StandardCharsets.UTF_8);
        length = current.length;
    }

    byte[] bytes() {
        byte[] loaded = current;
        if (loaded == null) {
            throw new IllegalStateException("no key is loaded");
        }
        return loaded;
    }

    int length() {
        return length;
    }

    /** Forgets the key's bytes so nothing of it stays in memory longer than needed. */
    void clear() {
        if (current == buffer) {
            Arrays.fill(buffer, 0, length, (byte) 0);
        }
        current = null;
        length = 0;
    }
}
