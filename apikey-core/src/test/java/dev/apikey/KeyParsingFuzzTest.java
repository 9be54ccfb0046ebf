package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.testing.ReferenceKeyFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes key parsing and verification. Invariants: {@link KeyFormat} agrees with the independent
 * {@link ReferenceKeyFormat} on every input; {@code verify} never throws and accepts exactly the one active key,
 * never a revoked, expired or unknown one, and rejects everything that is not well-formed before the store.
 *
 * <p>Runs the committed seeds in {@code src/test/resources/dev/apikey/KeyParsingFuzzTestInputs} in every build;
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/testing.md, "Hardening tests"). The keys use the prefix {@code fz}, so the
 * seeds do not trip the repository's secret-scanning rule for {@code ak_} keys.
 */
final class KeyParsingFuzzTest {

    static final String ACTIVE = ReferenceKeyFormat.key("fz", "ActiveKeyUsedOnlyByTheFuzzTests0123456789ab");
    static final String REVOKED = ReferenceKeyFormat.key("fz", "RevokedKeyUsedOnlyByTheFuzzTests0123456789a");
    static final String EXPIRED = ReferenceKeyFormat.key("fz", "ExpiredKeyUsedOnlyByTheFuzzTests0123456789a");

    private static final Set<Verification.Reason> BEFORE_THE_STORE =
            EnumSet.of(Verification.Reason.MISSING, Verification.Reason.MALFORMED);
    private static final KeyValidator VALIDATOR = validator();

    private static KeyValidator validator() {
        KeyHasher hasher = KeyHasher.sha256();
        KeyStore store = KeyStore.inMemory();
        KeyStore.fromEntries(
                        "active sha256:" + hasher.hash(ACTIVE).toHex()
                                + "; revoked sha256:" + hasher.hash(REVOKED).toHex()
                                + "; expired sha256:" + hasher.hash(EXPIRED).toHex() + " expires=2026-01-01T00:00:00Z",
                        "fuzz entries",
                        hasher)
                .list()
                .forEach(store::save);
        ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .hasher(hasher)
                .prefix("fz")
                .clock(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC))
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofHours(1))
                .build();
        apiKeys.revoke(StaticKeyEntries.ID_PREFIX + "revoked").orElseThrow();
        return apiKeys.validator();
    }

    @FuzzTest(maxDuration = "10m")
    void formatAndVerifyAgreeWithTheReference(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);

        boolean wellFormed = ReferenceKeyFormat.isKey("fz", text);
        assertThat(KeyFormat.of("fz").isWellFormed(text))
                .as("fz format of %s", text)
                .isEqualTo(wellFormed);
        assertThat(KeyFormat.standard().isWellFormed(text)).isEqualTo(ReferenceKeyFormat.isKey("ak", text));
        assertThat(KeyFormat.detect(text).map(KeyFormat::prefix).orElse(null))
                .isEqualTo(ReferenceKeyFormat.prefixOf(text));

        Verification verification = VALIDATOR.verify(text);
        assertThat(verification.isValid()).as("accepted %s", text).isEqualTo(text.equals(ACTIVE));
        if (!wellFormed) {
            assertThat(((Verification.Rejected) verification).reason()).isIn(BEFORE_THE_STORE);
        } else {
            assertThat(verification.toString()).doesNotContain(text);
            if (text.equals(REVOKED)) {
                assertThat(((Verification.Rejected) verification).reason()).isEqualTo(Verification.Reason.REVOKED);
            } else if (text.equals(EXPIRED)) {
                assertThat(((Verification.Rejected) verification).reason()).isEqualTo(Verification.Reason.EXPIRED);
            }
        }
        if (wellFormed) {
            assertThat(KeyFormat.of("fz").hint(text))
                    .isEqualTo(text.substring(0, 7))
                    .isNotEqualTo(text);
        }
    }

    /**
     * Well-formed keys built from the fuzzer's bytes (any body, the checksum computed by the reference), so every
     * input passes the format check and reaches hashing, the store and the status checks: only the one active key
     * is accepted, a revoked or expired one is refused for that reason, every other is unknown.
     */
    @FuzzTest(maxDuration = "10m")
    void wellFormedKeysAreAcceptedOnlyWhenActive(FuzzedDataProvider data) {
        String body;
        if (data.consumeBoolean()) {
            // Near an issued key: a few characters changed in place.
            StringBuilder near = new StringBuilder(
                    data.pickValue(List.of(ACTIVE, REVOKED, EXPIRED)).substring(3, 46));
            int changes = data.consumeInt(1, 3);
            for (int i = 0; i < changes; i++) {
                near.setCharAt(data.consumeInt(0, 42), BASE62.charAt(data.consumeInt(0, 61)));
            }
            body = near.toString();
        } else {
            StringBuilder random = new StringBuilder(43);
            for (int i = 0; i < 43; i++) {
                random.append(BASE62.charAt(data.consumeInt(0, 61)));
            }
            body = random.toString();
        }
        String key = ReferenceKeyFormat.key("fz", body);

        Verification verification = VALIDATOR.verify(key);

        if (key.equals(ACTIVE)) {
            assertThat(verification.isValid()).isTrue();
            return;
        }
        assertThat(verification.isValid()).as("accepted %s", key).isFalse();
        Verification.Reason expected = key.equals(REVOKED)
                ? Verification.Reason.REVOKED
                : key.equals(EXPIRED) ? Verification.Reason.EXPIRED : Verification.Reason.UNKNOWN;
        assertThat(((Verification.Rejected) verification).reason()).isEqualTo(expected);
        assertThat(verification.toString()).doesNotContain(key);
    }

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}
