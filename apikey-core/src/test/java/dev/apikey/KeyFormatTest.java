package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class KeyFormatTest {

    private static final KeyGenerator GENERATOR = KeyGenerator.secure("acme_live");
    private static final KeyFormat FORMAT = GENERATOR.format();

    @Test
    void generatedKeyHasPrefixBodyAndChecksumOfFixedLength() {
        String key = GENERATOR.generate();

        assertThat(key).matches("acme_live_[0-9A-Za-z]{49}");
        assertThat(key).hasSize(FORMAT.length()).hasSize("acme_live_".length() + 49);
        assertThat(FORMAT.isWellFormed(key)).isTrue();
        assertThat(KeyFormat.detect(key)).contains(FORMAT);
    }

    @Test
    void defaultPrefixIsAk() {
        String key = KeyGenerator.secure().generate();

        assertThat(key).startsWith("ak_").hasSize(3 + 49);
        assertThat(KeyFormat.standard().isWellFormed(key)).isTrue();
    }

    @Test
    void checksumIsCrc32OfPrefixAndBodyInBase62() {
        String key = GENERATOR.generate();
        String signed = key.substring(0, key.length() - 6);
        CRC32 crc = new CRC32();
        crc.update(signed.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base62.decode(key, key.length() - 6, 6)).isEqualTo(crc.getValue());
    }

    @Test
    void hundredThousandGeneratedKeysAreAllDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(GENERATOR.generate());
        }
        assertThat(keys).hasSize(100_000);
    }

    @Test
    void everySingleCharacterChangeOfValidKeysIsRefused() {
        String alphabet = Base62.ALPHABET + "_-+/=. é\u0000";
        for (int sample = 0; sample < 20; sample++) {
            String key = GENERATOR.generate();
            for (int position = 0; position < key.length(); position++) {
                for (char replacement : alphabet.toCharArray()) {
                    if (replacement == key.charAt(position)) {
                        continue;
                    }
                    String changed = key.substring(0, position) + replacement + key.substring(position + 1);
                    assertThat(FORMAT.isWellFormed(changed))
                            .as("position %d changed to %s", position, replacement)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void swappedAdjacentCharactersAreRefused() {
        String key = GENERATOR.generate();
        int bodyStart = "acme_live_".length();
        for (int i = bodyStart; i < key.length() - 1; i++) {
            if (key.charAt(i) == key.charAt(i + 1)) {
                continue;
            }
            String swapped = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
            assertThat(FORMAT.isWellFormed(swapped)).as("swap at %d", i).isFalse();
        }
    }

    @Test
    void refusesWrongLengthWrongPrefixAndMissingPrefix() {
        String key = GENERATOR.generate();
        String tail = key.substring("acme_live_".length());

        assertThat(FORMAT.isWellFormed(key.substring(0, key.length() - 1))).isFalse();
        assertThat(FORMAT.isWellFormed(key + "0")).isFalse();
        assertThat(FORMAT.isWellFormed(tail)).isFalse();
        assertThat(FORMAT.isWellFormed("_" + tail)).isFalse();
        assertThat(FORMAT.isWellFormed("acme_test_" + tail)).isFalse();
        assertThat(KeyFormat.standard().isWellFormed(key)).isFalse();
        assertThat(FORMAT.isWellFormed("")).isFalse();
        assertThat(FORMAT.isWellFormed(null)).isFalse();
    }

    @Test
    void checksumAboveThirtyTwoBitsIsRefused() {
        String key = GENERATOR.generate();
        String forged = key.substring(0, key.length() - 6) + "zzzzzz";

        assertThat(FORMAT.isWellFormed(forged)).isFalse();
    }

    @Test
    void detectFindsThePrefixOfAnyWellFormedKeyAndNothingElse() {
        String key = KeyGenerator.secure("x").generate();

        assertThat(KeyFormat.detect(key)).contains(KeyFormat.of("x"));
        assertThat(KeyFormat.detect(key.toUpperCase())).isEmpty();
        assertThat(KeyFormat.detect("not a key")).isEmpty();
        assertThat(KeyFormat.detect(null)).isEmpty();
        assertThat(KeyFormat.detect("Ab_" + key.substring(2))).isEmpty();
    }

    @Test
    void hintIsPrefixAndFourBodyCharacters() {
        String key = GENERATOR.generate();

        assertThat(FORMAT.hint(key)).isEqualTo(key.substring(0, "acme_live_".length() + 4));
    }

    @Test
    void hintOfMalformedKeyFailsWithoutEchoingIt() {
        String key = GENERATOR.generate();
        String broken = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");

        assertThatThrownBy(() -> FORMAT.hint(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(broken.substring(10, 30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "1ab", "_ab", "ab-c", "abcdefghijklmnopq", "ab cd", "AK"})
    void refusesInvalidPrefixesWithAClearMessage(String prefix) {
        assertThatThrownBy(() -> KeyFormat.of(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a-z0-9_]");
    }

    @Test
    void refusesNullPrefix() {
        assertThatThrownBy(() -> KeyFormat.of(null)).hasMessageContaining("must not be null");
    }

    @Test
    void invalidPrefixMessageNeverEchoesSomethingAsLongAsAKey() {
        String key = GENERATOR.generate();

        assertThatThrownBy(() -> KeyFormat.of(key))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(key)
                .contains(key.length() + " characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ak", "acme_live", "a0123456789abcde"})
    void acceptsValidPrefixes(String prefix) {
        KeyGenerator generator = KeyGenerator.secure(prefix);
        assertThat(generator.format().isWellFormed(generator.generate())).isTrue();
    }

    @Test
    void scannerRegexMatchesGeneratedKeysInText() {
        Pattern pattern = Pattern.compile(FORMAT.scannerRegex());
        for (int i = 0; i < 1_000; i++) {
            String key = GENERATOR.generate();
            assertThat(pattern.matcher("export API_KEY=\"" + key + "\"\n").find())
                    .isTrue();
        }
        assertThat(pattern.matcher("acme_live_short").find()).isFalse();
    }

    @Test
    void generatorUsesTheGivenSecureRandom() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        };
        String key = KeyGenerator.secure("ak", fixed).generate();

        assertThat(key).startsWith("ak_" + "0".repeat(43));
        assertThat(KeyFormat.standard().isWellFormed(key)).isTrue();
    }

    /** Whether a maximal run of base62 characters in {@code text} is 32 long and more than hexadecimal digits of one case. */
    private static boolean holdsKeyShapedTextByBruteForce(String text) {
        for (String run : text.split("[^0-9A-Za-z]+")) {
            if (run.length() >= 32 && !run.matches("[0-9a-f]+") && !run.matches("[0-9A-F]+")) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void occursInFindsExactlyTheTextsThatHoldSomethingShapedLikeAKey(long seed) {
        Random random = new Random(seed);
        String[] prefixes = {"ak", "acme_live", "a", "p0123456789abcde", "x_9"};
        String filler = "ab_-. Z9z";
        int holding = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            for (int part = random.nextInt(2); part >= 0; part--) {
                for (int c = random.nextInt(6); c > 0; c--) {
                    text.append(filler.charAt(random.nextInt(filler.length())));
                }
                String key = KeyGenerator.secure(prefixes[random.nextInt(prefixes.length)])
                        .generate();
                int separator = key.lastIndexOf('_', key.length() - 49);
                switch (random.nextInt(7)) {
                    case 0 -> text.append(key);
                    case 1 -> text.append(key, 0, separator + 1 + 43); // checksum cut off: still the whole secret
                    case 2 -> text.append(key, 0, separator + 1 + 16 + random.nextInt(27)); // body cut short, 16-42
                    case 4 -> text.append(key, separator + 1 + random.nextInt(36), key.length()); // no prefix, cut
                    case 5 -> { // a hash or commit id: hexadecimal digits of one case, not a key
                        String digits = random.nextBoolean() ? "0123456789abcdef" : "0123456789ABCDEF";
                        for (int c = 28 + random.nextInt(40); c > 0; c--) {
                            text.append(digits.charAt(random.nextInt(16)));
                        }
                    }
                    case 3 -> { // one character changed, perhaps into one outside the alphabet
                        int at = random.nextInt(key.length());
                        text.append(key, 0, at)
                                .append(random.nextBoolean() ? '-' : 'Q')
                                .append(key, at + 1, key.length());
                    }
                    default -> text.append("A").append(key, separator, key.length()); // no letter before the '_'
                }
            }
            String candidate = text.toString();
            boolean expected = holdsKeyShapedTextByBruteForce(candidate);
            holding += expected ? 1 : 0;
            assertThat(KeyFormat.occursIn(candidate))
                    .as("holds a key: %s", candidate)
                    .isEqualTo(expected);
        }
        assertThat(holding).as("texts that hold a key").isBetween(100, 390);
    }

    @Test
    void redactsKeysCutShortAndBodiesWithoutTheirPrefix() {
        String key = KeyGenerator.secure("ak").generate();
        String body = key.substring(3, 3 + 43);
        String bodyAndChecksum = key.substring(3);

        assertThat(KeyFormat.redact("GET /v1/" + key.substring(0, key.length() - 7) + "/x"))
                .isEqualTo("GET /v1/ak_<redacted>/x");
        assertThat(KeyFormat.redact("name " + key.substring(0, 3 + 42))).isEqualTo("name ak_<redacted>");
        assertThat(KeyFormat.redact("token=" + bodyAndChecksum + "&a=1")).isEqualTo("token=<redacted>&a=1");
        assertThat(KeyFormat.redact(body.substring(0, 32))).isEqualTo("<redacted>");
        assertThat(KeyFormat.redact("ak_" + body.substring(0, 31) + " ok"))
                .as("31 characters leave 72 bits to guess")
                .isEqualTo("ak_" + body.substring(0, 31) + " ok");
        assertThat(KeyFormat.redact("key_3xYzAbCdEfGhIjKlMnOp hint=ak_3xYz"))
                .isEqualTo("key_3xYzAbCdEfGhIjKlMnOp hint=ak_3xYz");
    }

    @Test
    void occursInCountsThirtyTwoBase62CharactersInARowAsSecretButNotHashes() {
        assertThat(KeyFormat.occursIn("a".repeat(31) + "-" + "b".repeat(31))).isFalse();
        assertThat(KeyFormat.occursIn(
                        "sha256:" + "0123456789abcdef".repeat(4) + " commit 3F2504E04F8911D39A0C0305E82C3301"))
                .isFalse();
        assertThat(KeyFormat.occursIn("abcdef".repeat(6) + "G")).isTrue();
        assertThat(KeyFormat.occursIn("abcdef".repeat(6) + "A"))
                .as("mixed case")
                .isTrue();
        assertThat(KeyFormat.occursIn("x-" + "0aZ9".repeat(8) + "-y")).isTrue();
        assertThat(KeyFormat.occursIn("")).isFalse();
    }
}
