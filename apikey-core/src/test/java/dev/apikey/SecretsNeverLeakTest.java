package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.testing.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class SecretsNeverLeakTest {

    @Test
    void noPlaintextKeyAppearsInLogsMessagesOrToStringOfAScenario() {
        List<String> secrets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
        FaultyKeyStore store = new FaultyKeyStore();
        try (CapturedLogs logs = CapturedLogs.capture()) {
            try (ApiKeys apiKeys = ApiKeys.builder()
                    .store(store)
                    .clock(clock)
                    .hasher(KeyHasher.hmacSha256("pepper-for-the-test"))
                    .listener(VerificationListener.logging(true))
                    .usageFlushInterval(Duration.ZERO)
                    .build()) {
                IssuedKey valid = apiKeys.issue(KeySpec.builder("valid")
                        .scopes("a")
                        .allowedNetworks("10.0.0.0/8")
                        .build());
                IssuedKey revoked = apiKeys.issue(KeySpec.builder("revoked").build());
                IssuedKey expiring = apiKeys.issue(KeySpec.builder("expiring")
                        .expiresIn(Duration.ofMinutes(1))
                        .build());
                IssuedKey rotated =
                        apiKeys.rotate(valid.id(), Duration.ofMinutes(5)).orElseThrow();
                String unknown = KeyGenerator.secure().generate();
                String malformed = unknown.substring(0, unknown.length() - 1) + (unknown.endsWith("0") ? "1" : "0");
                List.of(valid, revoked, expiring, rotated).forEach(k -> secrets.add(k.secret()));
                secrets.add(unknown);
                secrets.add(malformed);
                apiKeys.revoke(revoked.id());
                clock.advance(Duration.ofMinutes(2));

                for (String secret : secrets) {
                    for (VerificationContext context : List.of(
                            VerificationContext.none(),
                            VerificationContext.builder()
                                    .clientAddress("10.0.0.1")
                                    .requiredScopes(ScopeMatch.ALL, "a")
                                    .request("GET", "/data/" + secret)
                                    .build(),
                            VerificationContext.builder()
                                    .clientAddress("192.0.2.1")
                                    .requiredScopes(ScopeMatch.ALL, "b")
                                    .request("POST\r\n" + secret, "/x?key=" + secret)
                                    .build())) {
                        Verification result = apiKeys.validator().verify(secret, context);
                        texts.add(result.toString());
                        texts.add(context.toString());
                    }
                }
                store.failing.set(true);
                Verification unavailable = apiKeys.validator().verify(valid.secret());
                texts.add(unavailable.toString());
                collectFailure(texts, () -> apiKeys.flushUsage());
                collectFailure(
                        texts,
                        () -> apiKeys.issue(KeySpec.builder("during-outage").build()));
                store.failing.set(false);

                collectFailure(texts, () -> KeyFormat.of(valid.secret()));
                collectFailure(texts, () -> IpNetwork.parse(valid.secret()));
                collectFailure(texts, () -> HumanDuration.parse(valid.secret()));
                collectFailure(
                        texts,
                        () -> KeySpec.builder(valid.secret())
                                .scopes(valid.secret())
                                .build());
                collectFailure(texts, () -> KeySpec.builder("n").metadata(valid.secret(), "v"));
                collectFailure(
                        texts,
                        () -> apiKeys.issue(KeySpec.builder(valid.secret()).build()));
                collectFailure(
                        texts,
                        () -> apiKeys.issue(KeySpec.builder("billing-" + valid.secret() + " (old)")
                                .build()));
                collectFailure(
                        texts,
                        () -> apiKeys.issue(KeySpec.builder("n")
                                .metadata("note", "was " + valid.secret())
                                .build()));
                collectFailure(
                        texts,
                        () -> ApiKey.builder()
                                .id("key_x")
                                .name("x " + unknown)
                                .hash(KeyHasher.sha256().hash(unknown))
                                .hint("ak_xxxx")
                                .createdAt(clock.instant())
                                .build());
                collectFailure(
                        texts, () -> KeyStore.fromEntries("svc " + malformed, "APIKEY_KEYS", KeyHasher.sha256()));
                collectFailure(
                        texts, () -> KeyStore.fromEntries(valid.secret() + " svc", "APIKEY_KEYS", KeyHasher.sha256()));
                collectFailure(
                        texts,
                        () -> KeyStore.fromEntries("svc sha256:" + valid.secret(), "APIKEY_KEYS", KeyHasher.sha256()));
                collectFailure(
                        texts,
                        () -> KeyStore.fromEntries(
                                "svc " + valid.secret() + " " + valid.secret() + "=1",
                                "APIKEY_KEYS",
                                KeyHasher.sha256()));
                collectFailure(texts, () -> VerificationContext.builder().clientAddress(valid.secret()));
                collectFailure(
                        texts,
                        () -> apiKeys.validator()
                                .verify(
                                        valid.secret(),
                                        VerificationContext.builder()
                                                .requiredScopes(ScopeMatch.ALL, valid.secret())
                                                .build()));
                KeyStore.fromEntries("legacy " + expiring.secret(), "APIKEY_KEYS", KeyHasher.sha256());
                // A key passed where the source's name belongs is named in the warning and in errors: redacted there.
                KeyStore.fromEntries("legacy2 " + rotated.secret(), valid.secret(), KeyHasher.sha256());
                collectFailure(texts, () -> KeyStore.fromEntries("svc", valid.secret(), KeyHasher.sha256()));

                for (IssuedKey key : List.of(valid, revoked, expiring, rotated)) {
                    texts.add(key.toString());
                    texts.add(key.apiKey().toString());
                }
                texts.add(apiKeys.toString());
                texts.add(apiKeys.validator().toString());
                texts.add(apiKeys.list().toString());
                texts.add(apiKeys.hasher().toString());
            }
            texts.add(logs.allText());
            assertThat(logs.messages("dev.apikey.audit")).hasSizeGreaterThan(10);
        }

        String everything = String.join("\n", texts);
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
            assertThat(everything).as("no long fragment of a key").doesNotContain(secret.substring(7, 30));
        }
        assertThat(everything).contains("<redacted>");
    }

    private static void collectFailure(List<String> texts, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            texts.add(e.toString());
            Optional.ofNullable(e.getCause()).ifPresent(cause -> texts.add(cause.toString()));
        }
    }

    @Test
    void namesAndMetadataHoldingAKeyAreRefusedWithoutEchoingIt() {
        try (ApiKeys apiKeys =
                ApiKeys.builder().listener(VerificationListener.none()).build()) {
            String secret = KeyGenerator.secure("acme_live").generate();
            for (Runnable issue : List.<Runnable>of(
                    () -> apiKeys.issue(KeySpec.builder(secret).build()),
                    () -> apiKeys.issue(
                            KeySpec.builder("billing-" + secret + "-v2").build()),
                    () -> apiKeys.issue(KeySpec.builder("n")
                            .metadata("note", "rotated from " + secret)
                            .build()),
                    () -> apiKeys.issue(KeySpec.builder("n")
                            .metadata(secret, "pasted as the metadata key")
                            .build()))) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(issue::run))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("API key")
                        .message()
                        .doesNotContain(secret.substring(10, 30));
            }
            assertThat(apiKeys.list()).isEmpty();

            // The body alone is the secret: a key with a mistyped or missing checksum is refused as well.
            String mistyped = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
            String truncated = secret.substring(0, secret.length() - 6);
            for (String name : List.of("x-" + mistyped, truncated + " (old)")) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                                () -> KeySpec.builder(name).build()))
                        .hasMessageContaining("must not contain an API key")
                        .message()
                        .doesNotContain(secret.substring(10, 30));
            }
            // Underscores and words are fine when they are not a key's shape.
            assertThat(KeySpec.builder("billing_service_" + "x".repeat(31))
                            .build()
                            .name())
                    .startsWith("billing_service_");
        }
    }

    @Test
    void scopesHoldingAKeyOrPartOfOneAreRefusedWithoutEchoingIt() {
        try (ApiKeys apiKeys =
                ApiKeys.builder().listener(VerificationListener.none()).build()) {
            String secret = KeyGenerator.secure().generate();
            String body = secret.substring(3, 3 + 43);
            for (String scope : List.of(
                    secret,
                    "reports:" + secret,
                    secret.substring(0, secret.length() - 9),
                    body.substring(0, 32),
                    "ak_" + body.substring(1) + ":read")) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                                apiKeys.issue(KeySpec.builder("n").scopes(scope).build())))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("a scope must not contain an API key")
                        .message()
                        .doesNotContain(body.substring(5, 25));
            }
            assertThat(apiKeys.list()).isEmpty();
            assertThat(KeySpec.builder("n")
                            .scopes("reports:" + "r".repeat(31))
                            .build()
                            .scopes())
                    .hasSize(1);
        }
    }

    @Test
    void keysCutShortAreRedactedWhereverRequestTextIsEchoed() {
        String secret = KeyGenerator.secure().generate();
        for (String leaked :
                List.of(secret.substring(0, secret.length() - 7), secret.substring(3), secret.substring(5, 40))) {
            String echoed = SafeText.quoted("/v1/" + leaked.substring(0, Math.min(leaked.length(), 40)));
            String logged = SafeText.field("GET /v1/" + leaked + "/x", 400);
            assertThat(echoed + logged).contains("<redacted>").doesNotContain(leaked.substring(leaked.length() - 32));
        }
    }

    @Test
    void namesWithInvisibleFormattingAreRefused() {
        for (String name : List.of("admin\u202Etxt.exe", "a\u2066b", "\u200Fname", "ad\u200Bmin", "\uFEFFbilling")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> KeySpec.builder(name).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invisible formatting");
        }
        String key = KeyGenerator.secure().generate();
        String split = key.substring(0, 20) + "\u200B" + key.substring(20);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> KeySpec.builder("n").metadata("note", split).build()))
                .as("a key split by a zero-width space")
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(key.substring(5, 20));
        assertThat(KeySpec.builder("\u0645\u0641\u062a\u0627\u062d-billing")
                        .build()
                        .name())
                .startsWith("\u0645");
    }

    @Test
    void auditLinesEscapeInjectedLineBreaksAndControlCharacters() {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            VerificationListener.logging()
                    .onVerification(new VerificationEvent(
                            java.time.Instant.EPOCH,
                            Optional.of(Verification.Reason.UNKNOWN),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of("3fa2b1c0"),
                            Optional.of(IpNetwork.parseAddress("203.0.113.7")),
                            Optional.of("GET\nX"),
                            Optional.of("/a\r\n2026-11-24 INFO forged entry\u0007\u2028\u202e\\")));

            String line = logs.messages("dev.apikey.audit").get(0);
            assertThat(line)
                    .doesNotContain("\n")
                    .doesNotContain("\r")
                    .doesNotContain("\u0007")
                    .doesNotContain("\u2028")
                    .doesNotContain("\u202e");
            assertThat(line)
                    .isEqualTo("apikey rejected reason=UNKNOWN key=- hint=- fingerprint=3fa2b1c0 client=203.0.113.7"
                            + " method=GET\\nX path=/a\\r\\n2026-11-24 INFO forged entry\\u0007\\u2028\\u202e\\\\");
        }
    }

    @Test
    void successesAreLoggedAtDebugByDefaultAndInfoWhenAsked() {
        try (CapturedLogs logs = CapturedLogs.capture();
                ApiKeys quiet = ApiKeys.builder().build();
                ApiKeys loud = ApiKeys.builder()
                        .listener(VerificationListener.logging(true))
                        .build()) {
            quiet.validator().verify(quiet.issue(KeySpec.builder("q").build()).secret());
            loud.validator().verify(loud.issue(KeySpec.builder("l").build()).secret());
            quiet.validator().verify("garbage");

            assertThat(logs.events())
                    .filteredOn(e -> e.getLoggerName().equals("dev.apikey.audit"))
                    .extracting(e -> e.getLevel().toString())
                    .containsExactly("DEBUG", "INFO", "WARN");
        }
    }

    @Test
    void longPathsAreCut() {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            VerificationListener.logging()
                    .onVerification(new VerificationEvent(
                            java.time.Instant.EPOCH,
                            Optional.of(Verification.Reason.MISSING),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of("GET"),
                            Optional.of("/" + "a/".repeat(5_000))));

            assertThat(logs.messages("dev.apikey.audit").get(0))
                    .hasSizeLessThan(400)
                    .contains("more)");
        }
    }
}
