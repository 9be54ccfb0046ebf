package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class KeyHasherTest {

    @Test
    void sha256MatchesTheStandardTestVector() {
        assertThat(KeyHasher.sha256().hash("abc").toHex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256HashesNonAsciiAsUtf8() {
        byte[] utf8 = "é✓".getBytes(StandardCharsets.UTF_8);
        assertThat(KeyHasher.sha256().hash("é✓").bytes())
                .isEqualTo(DigestKeyHasher.newSha256().digest(utf8));
        assertThat(KeyHasher.sha256().hash("x".repeat(1000)).toHex()).hasSize(64);
    }

    @Test
    void hmacMatchesRfc4231TestCase2() {
        KeyHasher hasher = KeyHasher.hmacSha256("Jefe".repeat(4).getBytes(StandardCharsets.US_ASCII));
        KeyHasher rfcKey = DigestKeyHasher.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII));

        assertThat(rfcKey.hash("what do ya want for nothing?").toHex())
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(hasher.hash("what do ya want for nothing?"))
                .isNotEqualTo(rfcKey.hash("what do ya want for nothing?"));
    }

    @Test
    void differentPeppersGiveDifferentHashes() {
        String key = KeyGenerator.secure().generate();

        assertThat(KeyHasher.hmacSha256("a-pepper-of-16-bytes").hash(key))
                .isNotEqualTo(KeyHasher.hmacSha256("another-pepper-16-bytes").hash(key))
                .isNotEqualTo(KeyHasher.sha256().hash(key));
        assertThat(KeyHasher.hmacSha256("a-pepper-of-16-bytes").hash(key))
                .isEqualTo(KeyHasher.hmacSha256("a-pepper-of-16-bytes").hash(key));
    }

    @Test
    void refusesShortOrMissingPeppersSayingHowToMakeOne() {
        assertThatThrownBy(() -> KeyHasher.hmacSha256("short"))
                .hasMessageContaining("at least 16 bytes")
                .hasMessageContaining("openssl rand");
        assertThatThrownBy(() -> KeyHasher.hmacSha256("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> KeyHasher.hmacSha256((byte[]) null)).hasMessageContaining("at least 16 bytes");
    }

    @Test
    void pepperIsCopiedAndNeverShown() {
        byte[] pepper = "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
        KeyHasher hasher = KeyHasher.hmacSha256(pepper);
        KeyHash before = hasher.hash("key");
        pepper[0] = 'X';

        assertThat(hasher.hash("key")).isEqualTo(before);
        assertThat(hasher.toString()).doesNotContain("0123456789abcdef").contains("redacted");
        assertThat(hasher.algorithm()).isEqualTo("hmac-sha256");
        assertThat(KeyHasher.sha256().algorithm()).isEqualTo("sha256");
    }

    @Test
    void hashersAreSafeToShareBetweenThreads() throws Exception {
        List<String> keys = IntStream.range(0, 200)
                .mapToObj(i -> KeyGenerator.secure().generate())
                .toList();
        for (KeyHasher hasher : List.of(KeyHasher.sha256(), KeyHasher.hmacSha256("0123456789abcdef0123"))) {
            List<KeyHash> expected = keys.stream().map(hasher::hash).toList();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<KeyHash>>> results = IntStream.range(0, 8)
                        .mapToObj(t -> pool.submit(
                                () -> keys.stream().map(hasher::hash).toList()))
                        .toList();
                for (Future<List<KeyHash>> result : results) {
                    assertThat(result.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void keyHashRoundTripsThroughHexAndBytes() {
        KeyHash hash = KeyHasher.sha256().hash("abc");

        assertThat(KeyHash.fromHex(hash.toHex())).isEqualTo(hash).hasSameHashCodeAs(hash);
        assertThat(KeyHash.fromHex(hash.toHex().toUpperCase())).isEqualTo(hash);
        assertThat(KeyHash.of(hash.bytes())).isEqualTo(hash);
        assertThat(hash.fingerprint()).isEqualTo("ba7816bf");
        assertThat(hash.toString()).isEqualTo("KeyHash[ba7816bf…]");
    }

    @Test
    void keyHashBytesAreDefensiveCopies() {
        byte[] bytes = new byte[32];
        KeyHash hash = KeyHash.of(bytes);
        bytes[0] = 1;
        hash.bytes()[1] = 1;

        assertThat(hash.toHex()).isEqualTo("00".repeat(32));
    }

    @Test
    void keyHashMatchesOnlyEqualHashes() {
        KeyHash a = KeyHasher.sha256().hash("a");
        byte[] lastBitFlipped = a.bytes();
        lastBitFlipped[31] ^= 1;

        assertThat(a.matches(KeyHash.of(a.bytes()))).isTrue();
        assertThat(a.matches(KeyHash.of(lastBitFlipped))).isFalse();
        assertThat(a.matches(null)).isFalse();
    }

    @Test
    void keyHashRefusesWrongSizesAndNonHexWithClearMessages() {
        assertThatThrownBy(() -> KeyHash.of(new byte[31])).hasMessageContaining("32 bytes, got 31");
        assertThatThrownBy(() -> KeyHash.fromHex("abc"))
                .hasMessageContaining("64 hexadecimal digits, got 3 characters");
        assertThatThrownBy(() -> KeyHash.fromHex("g".repeat(64))).hasMessageContaining("hexadecimal");
        assertThat(HexFormat.of().formatHex(KeyHash.fromHex("0f".repeat(32)).bytes()))
                .isEqualTo("0f".repeat(32));
    }
}
