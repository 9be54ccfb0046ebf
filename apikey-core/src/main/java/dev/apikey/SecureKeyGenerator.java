package dev.apikey;

import java.security.SecureRandom;

/** {@link KeyGenerator} drawing each key body from a {@link SecureRandom}. */
final class SecureKeyGenerator implements KeyGenerator {

    private final KeyFormat format;
    private final SecureRandom random;

    SecureKeyGenerator(KeyFormat format, SecureRandom random) {
        this.format = format;
        this.random = random;
    }

    @Override
    public String generate() {
        byte[] bytes = new byte[KeyFormat.RANDOM_BYTES];
        random.nextBytes(bytes);
        return format.assemble(Base62.encode(bytes, KeyFormat.BODY_LENGTH));
    }

    @Override
    public KeyFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "KeyGenerator.secure(" + format.prefix() + ")";
    }
}
