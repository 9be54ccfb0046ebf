package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.testing.ReferenceKeyFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a presented key differs from a stored one does not change what verification does: a key differing in its
 * first character and one differing in its last take the same steps (same checks, same number of hashes, the same
 * store calls) and get the same answer. Secret bytes are never compared directly: the format check looks only at
 * public structure (prefix, alphabet, checksum of the presented text), the store is searched by hash, and the
 * found hash is compared with {@link KeyHash#matches} ({@code MessageDigest.isEqual}, constant time). SECURITY.md
 * lists every comparison on the path.
 */
final class TimingPathTest {

    /** A store that records every call it gets, in order. */
    static class RecordingStore implements KeyStore {
        final KeyStore delegate = KeyStore.inMemory();
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<ApiKey> findByHash(KeyHash hash) {
            calls.add("findByHash");
            return delegate.findByHash(hash);
        }

        @Override
        public Optional<ApiKey> findById(String id) {
            calls.add("findById");
            return delegate.findById(id);
        }

        @Override
        public void save(ApiKey key) {
            calls.add("save");
            delegate.save(key);
        }

        @Override
        public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
            calls.add("update");
            return delegate.update(id, change);
        }

        @Override
        public List<ApiKey> list() {
            calls.add("list");
            return delegate.list();
        }

        @Override
        public void recordUsage(Collection<KeyUsage> usage) {
            calls.add("recordUsage");
            delegate.recordUsage(usage);
        }
    }

    /** A hasher that counts how often it runs. */
    static final class CountingHasher implements KeyHasher {
        final KeyHasher delegate = KeyHasher.sha256();
        int hashes;

        @Override
        public KeyHash hash(CharSequence key) {
            hashes++;
            return delegate.hash(key);
        }

        @Override
        public String algorithm() {
            return delegate.algorithm();
        }
    }

    private record Steps(Verification.Reason reason, int hashes, List<String> storeCalls) {}

    private static Steps stepsOf(String presented, String stored) {
        RecordingStore store = new RecordingStore();
        CountingHasher hasher = new CountingHasher();
        try (ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .hasher(hasher)
                .prefix("tp")
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofHours(1))
                .build()) {
            store.save(ApiKey.builder()
                    .id("key_timing")
                    .name("timing")
                    .hash(hasher.delegate.hash(stored))
                    .hint("tp_xxxx")
                    .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                    .build());
            store.calls.clear();
            Verification verification = apiKeys.validator().verify(presented);
            Verification.Reason reason =
                    verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
            return new Steps(reason, hasher.hashes, List.copyOf(store.calls));
        }
    }

    private static String replaceAt(String body, int index) {
        char current = body.charAt(index);
        return body.substring(0, index) + (current == 'Q' ? 'R' : 'Q') + body.substring(index + 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void aKeyDifferingInTheFirstCharacterTakesTheSamePathAsOneDifferingInTheLast(long seed) {
        String body = new Random(seed)
                .ints(43, 0, 62)
                .mapToObj(
                        i -> String.valueOf("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt(i)))
                .reduce("", String::concat);
        String stored = ReferenceKeyFormat.key("tp", body);
        assertThat(stepsOf(stored, stored).reason())
                .as("the stored key itself is valid")
                .isNull();

        // Well-formed keys (checksum recomputed) that differ from the stored one in the first or the last body
        // character.
        Steps first = stepsOf(ReferenceKeyFormat.key("tp", replaceAt(body, 0)), stored);
        Steps last = stepsOf(ReferenceKeyFormat.key("tp", replaceAt(body, 42)), stored);
        assertThat(first).isEqualTo(last).isEqualTo(new Steps(Verification.Reason.UNKNOWN, 1, List.of("findByHash")));

        // The stored key with its first body character or its last character (a checksum digit) changed.
        Steps typoFirst = stepsOf(stored.substring(0, 3) + replaceAt(body, 0).charAt(0) + stored.substring(4), stored);
        Steps typoLast = stepsOf(replaceAt(stored, stored.length() - 1), stored);
        assertThat(typoFirst).isEqualTo(typoLast).isEqualTo(new Steps(Verification.Reason.MALFORMED, 0, List.of()));
    }

    /**
     * Should the store hand back a record whose hash is not the presented one (a hash-index collision, a buggy
     * store), the final comparison refuses it whether the hashes differ in their first byte or their last: both
     * go through {@link KeyHash#matches}, and end the same way.
     */
    @ParameterizedTest(name = "differing byte {0}")
    @ValueSource(ints = {0, 31})
    void aNearMissFromTheStoreIsRefusedByTheFinalComparison(int differingByte) {
        KeyHasher hasher = KeyHasher.sha256();
        String presented = ReferenceKeyFormat.key("tp", "NearMissKeyForTheTimingTest0123456789abcdef");
        byte[] nearMiss = hasher.hash(presented).bytes();
        nearMiss[differingByte] ^= 1;
        ApiKey record = ApiKey.builder()
                .id("key_near")
                .name("near")
                .hash(KeyHash.of(nearMiss))
                .hint("tp_Near")
                .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
        KeyStore store = new RecordingStore() {
            @Override
            public Optional<ApiKey> findByHash(KeyHash hash) {
                calls.add("findByHash");
                return Optional.of(record);
            }
        };
        try (ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .hasher(hasher)
                .prefix("tp")
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofHours(1))
                .build()) {
            Verification verification = apiKeys.validator().verify(presented);

            assertThat(verification.isValid()).isFalse();
            assertThat(((Verification.Rejected) verification).reason()).isEqualTo(Verification.Reason.UNKNOWN);
        }
    }
}
