package dev.apikey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** {@link KeyHasher} computing plain SHA-256, with one reusable digest per thread. */
final class Sha256Hasher implements KeyHasher {

    private static final class PerThread {
        final MessageDigest digest = newDigest();
        final DigestInput input = new DigestInput();
    }

    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    @Override
    public KeyHash hash(CharSequence key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        PerThread state = perThread.get();
        state.input.load(key);
        try {
            state.digest.update(state.input.bytes(), 0, state.input.length());
            return KeyHash.wrap(state.digest.digest());
        } finally {
            state.input.clear();
        }
    }

    @Override
    public String algorithm() {
        return "sha256";
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public String toString() {
        return "KeyHasher.sha256()";
    }
}
