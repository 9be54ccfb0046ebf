package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.Verification.Reason;
import dev.apikey.testing.CapturedLogs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class StaticKeyStoreTest {

    private static final KeyHasher SHA256 = KeyHasher.sha256();

    private static String entry(String name, String secret, String options) {
        return name + " sha256:" + SHA256.hash(secret).toHex() + (options.isEmpty() ? "" : " " + options);
    }

    @Test
    void hashedEntriesVerifyWithTheirScopesNetworksAndExpiry() {
        String reporting = KeyGenerator.secure().generate();
        String admin = KeyGenerator.secure().generate();
        KeyStore store = KeyStore.fromEntries(
                "# static keys\n" + entry("reporting", reporting, "scopes=reports:read networks=10.0.0.0/8,::1")
                        + ";\n  " + entry("admin", admin, "scopes=keys:admin expires=2030-01-01T00:00:00Z") + "\n",
                "APIKEY_KEYS",
                SHA256);

        MutableClock clock = new MutableClock(Instant.now());
        try (ApiKeys keys = ApiKeys.builder()
                .store(store)
                .clock(clock)
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ZERO)
                .build()) {
            Verification ok = keys.validator()
                    .verify(
                            reporting,
                            VerificationContext.builder()
                                    .clientAddress("10.0.0.5")
                                    .requiredScopes(ScopeMatch.ALL, "reports:read")
                                    .build());
            assertThat(ok.isValid()).isTrue();
            assertThat(ok.key().orElseThrow().id()).isEqualTo("env_reporting");
            assertThat(ok.key().orElseThrow().hint())
                    .isEqualTo("sha256:" + SHA256.hash(reporting).fingerprint());
            assertThat(((Verification.Rejected) keys.validator()
                                    .verify(
                                            reporting,
                                            VerificationContext.builder()
                                                    .clientAddress("192.0.2.1")
                                                    .build()))
                            .reason())
                    .isEqualTo(Reason.NETWORK_NOT_ALLOWED);
            assertThat(keys.validator().verify(admin).isValid()).isTrue();
            clock.set(Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(((Verification.Rejected) keys.validator().verify(admin)).reason())
                    .isEqualTo(Reason.EXPIRED);
            clock.set(Instant.now());
            assertThat(keys.list()).extracting(ApiKey::name).containsExactlyInAnyOrder("reporting", "admin");

            keys.flushUsage();
            assertThat(keys.find("env_admin").orElseThrow().useCount()).isEqualTo(1);
        }
    }

    @Test
    void entriesCanCarryARateLimitAndAQuota() {
        String key = KeyGenerator.secure().generate();
        KeyStore store =
                KeyStore.fromEntries(entry("metered", key, "rate=2/1h quota=100/month"), "APIKEY_KEYS", SHA256);

        ApiKey metered = store.findById("env_metered").orElseThrow();
        assertThat(metered.rateLimit()).contains(RateLimit.parse("2/1h"));
        assertThat(metered.quota()).contains(Quota.parse("100/month"));
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("m", key, "rate=lots"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("entry 1 ('m')")
                .hasMessageContaining("rate limit");
        try (ApiKeys keys = ApiKeys.builder()
                .store(store)
                .listener(VerificationListener.none())
                .build()) {
            assertThat(keys.validator().verify(key).isValid()).isTrue();
            assertThat(keys.validator().verify(key).isValid()).isTrue();
            assertThat(((Verification.Rejected) keys.validator().verify(key)).reason())
                    .isEqualTo(Reason.RATE_LIMITED);
        }
    }

    @Test
    void plaintextEntriesWorkWithAWarningThatNeverShowsTheKey() {
        String legacy = KeyGenerator.secure().generate();
        KeyStore store;
        try (CapturedLogs logs = CapturedLogs.capture()) {
            store = KeyStore.fromEntries("legacy " + legacy, "APIKEY_KEYS", SHA256);

            assertThat(logs.allText())
                    .contains("plaintext key")
                    .contains("sha256:" + SHA256.hash(legacy).toHex())
                    .doesNotContain(legacy);
        }
        assertThat(store.findByHash(SHA256.hash(legacy)).orElseThrow().hint()).isEqualTo(legacy.substring(0, 7));
    }

    @Test
    void aCommentDisablesTheRestOfItsLineEvenAcrossSemicolons() {
        String live = KeyGenerator.secure().generate();
        KeyStore store = KeyStore.fromEntries(
                entry("live", live, "") + "\n# " + entry("old", "x", "") + "; " + entry("old2", "y", "") + "\n"
                        + entry("also-live", "z", "") + " # trailing comment",
                "APIKEY_KEYS",
                SHA256);

        assertThat(store.list()).extracting(ApiKey::name).containsExactlyInAnyOrder("live", "also-live");
    }

    @Test
    void pepperedHashesNeedAPepperedHasher() {
        KeyHasher peppered = KeyHasher.hmacSha256("a-long-enough-pepper");
        String key = KeyGenerator.secure().generate();
        String hmacEntry = "svc hmac-sha256:" + peppered.hash(key).toHex();

        assertThat(KeyStore.fromEntries(hmacEntry, "APIKEY_KEYS", peppered).findByHash(peppered.hash(key)))
                .isPresent();
        assertThatThrownBy(() -> KeyStore.fromEntries(hmacEntry, "APIKEY_KEYS", SHA256))
                .hasMessageContaining("APIKEY_KEYS entry 1:")
                .hasMessageContaining("hmac-sha256 hash but keys are verified with sha256");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, ""), "APIKEY_KEYS", peppered))
                .hasMessageContaining("sha256 hash but keys are verified with hmac-sha256");
    }

    @Test
    void badEntriesGetMessagesThatNameThemAndNeverTheirSecrets() {
        String key = KeyGenerator.secure().generate();
        String broken = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");

        assertThatThrownBy(() -> KeyStore.fromEntries("", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("holds no entries");
        assertThatThrownBy(() -> KeyStore.fromEntries("# only a comment", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("only comments");
        assertThatThrownBy(() -> KeyStore.fromEntries("lonely", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("credential is missing");
        assertThatThrownBy(() -> KeyStore.fromEntries("svc " + broken, "APIKEY_KEYS", SHA256))
                .hasMessageContaining("APIKEY_KEYS entry 1:")
                .hasMessageContaining("neither sha256")
                .message()
                .doesNotContain(broken)
                .doesNotContain(broken.substring(3, 20));
        assertThatThrownBy(() -> KeyStore.fromEntries(key + " svc", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("first field must be the key's name")
                .message()
                .doesNotContain(key);
        // Found by fuzzing: a name is echoed, so a key pasted into one is refused too.
        assertThatThrownBy(() ->
                        KeyStore.fromEntries("billing-" + key + " sha256:" + "ab".repeat(32), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("first field must be the key's name")
                .message()
                .doesNotContain(key);
        assertThatThrownBy(() -> KeyStore.fromEntries("x" + key + ".v2 " + key, "APIKEY_KEYS", SHA256))
                .hasMessageContaining("first field must be the key's name")
                .message()
                .doesNotContain(key);
        assertThatThrownBy(() -> KeyStore.fromEntries("svc sha256:abc", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("64 hexadecimal");
        assertThatThrownBy(() -> KeyStore.fromEntries("svc md5:abc", "APIKEY_KEYS", SHA256))
                .hasMessageContaining("must be sha256:");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "scopes=a b"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("is not an option");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "color=red"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("field 3 is not an option");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "networks=10.0.0.1/8"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("entry 1 ('svc')")
                .hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "expires=tomorrow"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "scopes=a scopes=b"), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> KeyStore.fromEntries("bad/name sha256:" + "0".repeat(64), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("the name (first field) is invalid")
                .message()
                .doesNotContain("bad/name");
        String legacySecret = "Zr4vQmX9pLk2Jd8sWq3eRt6yUi0oPa5sDf7gHj1kLmQ";
        assertThatThrownBy(() -> KeyStore.fromEntries(legacySecret, "APIKEY_KEYS", SHA256))
                .hasMessageContaining("the first field must be the key's name")
                .message()
                .doesNotContain(legacySecret);
        assertThatThrownBy(() -> KeyStore.fromEntries("-" + legacySecret, "APIKEY_KEYS", SHA256))
                .message()
                .doesNotContain(legacySecret);
        assertThatThrownBy(
                        () -> KeyStore.fromEntries(entry("svc", key, "") + " " + legacySecret, "APIKEY_KEYS", SHA256))
                .message()
                .doesNotContain(legacySecret);
        assertThatThrownBy(() -> KeyStore.fromEntries(broken, "APIKEY_KEYS", SHA256))
                .message()
                .doesNotContain(broken.substring(3, 30));
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "networks="), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("option networks has no value");
        assertThatThrownBy(() -> KeyStore.fromEntries(entry("svc", key, "scopes="), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("option scopes has no value");
        assertThatThrownBy(() -> KeyStore.fromEntries(
                        entry("a", key, "") + ";" + entry("a", "other", ""), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("entry 2")
                .hasMessageContaining("used by an earlier entry");
        assertThatThrownBy(() ->
                        KeyStore.fromEntries(entry("a", key, "") + ";" + entry("b", key, ""), "APIKEY_KEYS", SHA256))
                .hasMessageContaining("entries 1 and 2 hold the same key");
    }

    @Test
    void staticKeysAreReadOnlySayingHowToChangeThem() {
        KeyStore store = KeyStore.fromEntries(entry("a", "x", ""), "APIKEY_KEYS", SHA256);
        try (ApiKeys keys = ApiKeys.builder()
                .store(store)
                .listener(VerificationListener.none())
                .build()) {
            assertThatThrownBy(() -> keys.revoke("env_a"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("edit their entries and restart");
            assertThatThrownBy(() -> keys.issue(KeySpec.builder("b").build()))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void fromEnvironmentExplainsAnUnsetVariable() {
        assertThatThrownBy(() -> KeyStore.fromEnvironment("APIKEY_TEST_SURELY_UNSET_VARIABLE", SHA256))
                .hasMessageContaining("APIKEY_TEST_SURELY_UNSET_VARIABLE is not set")
                .hasMessageContaining("sha256:");
        assertThatThrownBy(() -> KeyStore.fromEnvironment(" ", SHA256)).hasMessageContaining("must not be blank");
    }

    @Test
    void fromEnvironmentReadsTheVariable() {
        String path = System.getenv("PATH");
        // PATH is set everywhere but is not a key list: the error proves the variable was read and parsed.
        org.junit.jupiter.api.Assumptions.assumeTrue(path != null && !path.isBlank());
        assertThatThrownBy(() -> KeyStore.fromEnvironment("PATH", SHA256)).hasMessageContaining("PATH entry 1");
    }
}
