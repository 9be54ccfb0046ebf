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
                            .as("position %d changed to %s", position, replacement).isFalse();
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
                .message().doesNotContain(broken.substring(10, 30));
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
                .message().doesNotContain(key).contains(key.length() + " characters");
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
            assertThat(pattern.matcher("export API_KEY=\"" + key + "\"\n").find()).isTrue();
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

    /** Whether some substring of {@code text} is a prefix, {@code _} and a 43-character base62 body. */
    private static boolean holdsKeyShapedTextByBruteForce(String text) {
        for (int start = 0; start < text.length(); start++) {
            for (int end = start + 45; end <= Math.min(text.length(), start + 60); end++) {
                String candidate = text.substring(start, end);
                int separator = end - start - 44;
                if (candidate.charAt(separator) == '_' && candidate.substring(0, separator).matches("[a-z][a-z0-9_]*")
                        && candidate.substring(separator + 1).chars().allMatch(c -> Base62.ALPHABET.indexOf(c) >= 0)) {
                    return true;
                }
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
            for (int part = random.nextInt(4); part >= 0; part--) {
                for (int c = random.nextInt(6); c > 0; c--) {
                    text.append(filler.charAt(random.nextInt(filler.length())));
                }
                String key = KeyGenerator.secure(prefixes[random.nextInt(prefixes.length)]).generate();
                int separator = key.lastIndexOf('_', key.length() - 49);
                switch (random.nextInt(5)) {
                    case 0 -> text.append(key);
                    case 1 -> text.append(key, 0, separator + 1 + 43); // checksum cut off: still the whole secret
                    case 2 -> text.append(key, 0, separator + 1 + 42 - random.nextInt(5)); // body cut short
                    case 3 -> { // one character changed, perhaps into one outside the alphabet
                        int at = random.nextInt(key.length());
                        text.append(key, 0, at).append(random.nextBoolean() ? '-' : 'Q').append(key, at + 1, key.length());
                    }
                    default -> text.append("A").append(key, separator, key.length()); // no letter before the '_'
                }
            }
            String candidate = text.toString();
            boolean expected = holdsKeyShapedTextByBruteForce(candidate);
            holding += expected ? 1 : 0;
            assertThat(KeyFormat.occursIn(candidate)).as("holds a key: %s", candidate).isEqualTo(expected);
        }
        assertThat(holding).as("texts that hold a key").isBetween(100, 390);
    }
}
