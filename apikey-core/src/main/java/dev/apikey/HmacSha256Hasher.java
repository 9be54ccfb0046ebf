package dev.apikey;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@link KeyHasher} computing HMAC-SHA256 under a pepper, with one reusable MAC per thread. */
final class HmacSha256Hasher implements KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final class PerThread {
        final Mac mac = newMac();
        final DigestInput input = new DigestInput();
    }

    private final SecretKeySpec pepper;
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    HmacSha256Hasher(byte[] pepper) {
        this.pepper = new SecretKeySpec(pepper, ALGORITHM);
        newMac(); // fail now, not at the first request, if the platform lacks HMAC-SHA256
    }

    @Override
    public KeyHash hash(CharSequence key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        PerThread state = perThread.get();
        state.input.load(key);
        try {
            state.mac.update(state.input.bytes(), 0, state.input.length());
            return KeyHash.wrap(state.mac.doFinal());
        } finally {
            state.input.clear();
        }
    }

    @Override
    public String algorithm() {
        return "hmac-sha256";
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("this JVM cannot compute HMAC-SHA256: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "KeyHasher.hmacSha256(<pepper redacted>)";
    }
}
