package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in hashers hash a presented key straight from the bytes the format check copied (one copy, one
 * wipe): the result must be exactly the key's hash, nothing of the key may stay in the thread's buffer, and the
 * clock is read only when the answer needs the time.
 */
final class WellFormedKeyHashingTest {

    private static final String[] PREFIXES = {"ak", "acme_live", "x", "p0123456789abcde"};

    private static String randomPrefix(Random random) {
        return PREFIXES[random.nextInt(PREFIXES.length)];
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void hashOfTheCheckedBytesIsTheHashOfTheKey(long seed) {
        Random random = new Random(seed);
        DigestKeyHasher sha256 = (DigestKeyHasher) KeyHasher.sha256();
        DigestKeyHasher hmac = (DigestKeyHasher) KeyHasher.hmacSha256("a-pepper-for-the-fast-path-test-" + seed);
        for (int i = 0; i < 200; i++) {
            KeyFormat format = KeyFormat.of(randomPrefix(random));
            String key = format.assemble(Base62.encode(randomBytes(random), KeyFormat.BODY_LENGTH));
            for (DigestKeyHasher hasher : new DigestKeyHasher[] {sha256, hmac}) {
                byte[] ascii = format.asciiIfWellFormed(key);
                assertThat(ascii).as("well-formed %s", format).isNotNull();
                KeyHash fromBytes = hasher.hashAscii(ascii, format.length());
                format.wipe(ascii);
                assertThat(fromBytes).isEqualTo(hasher.hash(key));
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[KeyFormat.RANDOM_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void nothingOfAPresentedKeyStaysInTheThreadsBuffer() {
        try (ApiKeys apiKeys = ApiKeys.builder()
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofHours(1))
                .build()) {
            String valid = apiKeys.issue(KeySpec.builder("buffer").build()).secret();
            String badChecksum = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
            String badLastBodyChar = valid.substring(0, valid.length() - 7) + "-" + valid.substring(valid.length() - 6);
            String unknown = KeyGenerator.secure().generate();
            byte[] buffer = apiKeys.format().asciiIfWellFormed(valid);
            apiKeys.format().wipe(buffer);

            byte[] again = apiKeys.format().asciiIfWellFormed(valid);
            assertThat(again).as("the thread's one buffer").isSameAs(buffer);
            assertThat(allZero(buffer)).as("it holds the key while in use").isFalse();
            apiKeys.format().wipe(again);

            for (String presented : new String[] {valid, badChecksum, badLastBodyChar, unknown}) {
                apiKeys.validator().verify(presented);
                assertThat(allZero(buffer))
                        .as("buffer after verifying %s", apiKeys.format().hint(valid))
                        .isTrue();
                apiKeys.format().isWellFormed(presented);
                assertThat(allZero(buffer)).as("buffer after isWellFormed").isTrue();
            }
        }
    }

    @Test
    void theBufferIsWipedWhenTheStoreFailsAndWithACustomHasher() {
        FaultyKeyStore store = new FaultyKeyStore();
        KeyHasher custom = new KeyHasher() {
            private final KeyHasher delegate = KeyHasher.sha256();

            @Override
            public KeyHash hash(CharSequence key) {
                return delegate.hash(key);
            }

            @Override
            public String algorithm() {
                return delegate.algorithm();
            }
        };
        for (KeyHasher hasher : List.of(KeyHasher.sha256(), custom)) {
            try (ApiKeys apiKeys = ApiKeys.builder()
                    .store(store)
                    .hasher(hasher)
                    .listener(VerificationListener.none())
                    .usageFlushInterval(Duration.ofHours(1))
                    .build()) {
                String valid = apiKeys.issue(KeySpec.builder("faulty").build()).secret();
                byte[] buffer = apiKeys.format().asciiIfWellFormed(valid);
                apiKeys.format().wipe(buffer);

                assertThat(apiKeys.validator().verify(valid).isValid()).isTrue();
                assertThat(allZero(buffer)).as("after a valid key, %s", hasher).isTrue();
                store.failing.set(true);
                assertThat(((Verification.Rejected) apiKeys.validator().verify(valid)).reason())
                        .isEqualTo(Verification.Reason.STORE_UNAVAILABLE);
                assertThat(allZero(buffer))
                        .as("after a store failure, %s", hasher)
                        .isTrue();
                store.failing.set(false);
            }
        }
    }

    /** A character outside Latin-1 whose low byte is a base62 digit must not pass as that digit. */
    @Test
    void characterWhoseLowByteIsADigitIsMalformed() {
        try (ApiKeys apiKeys = ApiKeys.builder()
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofHours(1))
                .build()) {
            String valid = apiKeys.issue(KeySpec.builder("lookalike").build()).secret();
            int index = valid.length() - 10;
            char lookalike = (char) (0x0100 | valid.charAt(index));

            String presented = valid.substring(0, index) + lookalike + valid.substring(index + 1);

            assertThat(apiKeys.format().isWellFormed(presented)).isFalse();
            assertThat(((Verification.Rejected) apiKeys.validator().verify(presented)).reason())
                    .isEqualTo(Verification.Reason.MALFORMED);
        }
    }

    /** A clock that counts its reads. */
    private static final class CountingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return Instant.parse("2026-12-01T00:00:00Z");
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void clockIsReadOnceAndOnlyWhenTheAnswerOrAnEventNeedsIt() {
        CountingClock clock = new CountingClock();
        RecordingListener listener = new RecordingListener();
        try (ApiKeys quiet = ApiKeys.builder()
                        .clock(clock)
                        .listener(VerificationListener.none())
                        .usageFlushInterval(Duration.ofHours(1))
                        .build();
                ApiKeys audited = ApiKeys.builder()
                        .clock(clock)
                        .listener(listener)
                        .usageFlushInterval(Duration.ofHours(1))
                        .build()) {
            String quietKey = quiet.issue(KeySpec.builder("quiet").build()).secret();
            String auditedKey =
                    audited.issue(KeySpec.builder("audited").build()).secret();
            String malformed = quietKey.substring(0, quietKey.length() - 1) + (quietKey.endsWith("A") ? "B" : "A");
            String unknown = KeyGenerator.secure().generate();

            assertThat(readsDuring(clock, () -> quiet.validator().verify(null))).isZero();
            assertThat(readsDuring(clock, () -> quiet.validator().verify(malformed)))
                    .isZero();
            assertThat(readsDuring(clock, () -> quiet.validator().verify(unknown)))
                    .isZero();
            assertThat(readsDuring(clock, () -> quiet.validator().verify(quietKey)))
                    .isOne();

            assertThat(readsDuring(clock, () -> audited.validator().verify(null)))
                    .isOne();
            assertThat(readsDuring(clock, () -> audited.validator().verify(malformed)))
                    .isOne();
            assertThat(readsDuring(clock, () -> audited.validator().verify(unknown)))
                    .isOne();
            assertThat(readsDuring(clock, () -> audited.validator().verify(auditedKey)))
                    .isOne();
            assertThat(listener.events)
                    .hasSize(4)
                    .allSatisfy(event -> assertThat(event.time()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z")));
        }
    }

    private static int readsDuring(CountingClock clock, Runnable verification) {
        int before = clock.reads.get();
        verification.run();
        return clock.reads.get() - before;
    }
}
