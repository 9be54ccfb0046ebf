package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class KeyValidatorTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FaultyKeyStore store = new FaultyKeyStore();
    private final RecordingListener listener = new RecordingListener();
    private final ApiKeys apiKeys = ApiKeys.builder()
            .store(store)
            .clock(clock)
            .listener(listener)
            .usageFlushInterval(Duration.ZERO)
            .build();
    private final KeyValidator validator = apiKeys.validator();

    @AfterEach
    void close() {
        apiKeys.close();
    }

    private IssuedKey issue(KeySpec.Builder spec) {
        return apiKeys.issue(spec.build());
    }

    private static Reason reasonOf(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) verification).reason();
    }

    private Verification verifyAt(String key, Instant when) {
        clock.set(when);
        return validator.verify(key);
    }

    @Test
    void acceptsAnIssuedKeyAndReportsIt() {
        IssuedKey issued = issue(KeySpec.builder("billing").scopes("invoices:read"));

        Verification result = validator.verify(
                issued.secret(),
                VerificationContext.builder()
                        .clientAddress("203.0.113.7")
                        .request("GET", "/invoices")
                        .build());

        assertThat(result).isEqualTo(new Verification.Valid(issued.apiKey()));
        assertThat(result.key()).contains(issued.apiKey());
        VerificationEvent event = listener.last();
        assertThat(event.accepted()).isTrue();
        assertThat(event.keyId()).contains(issued.id());
        assertThat(event.keyHint()).contains(issued.apiKey().hint());
        assertThat(event.method()).contains("GET");
        assertThat(event.path()).contains("/invoices");
        assertThat(event.clientAddress().orElseThrow().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(event.time()).isEqualTo(T0);
    }

    @Test
    void missingKeyIsRejectedAsMissing() {
        assertThat(reasonOf(validator.verify(null))).isEqualTo(Reason.MISSING);
        assertThat(reasonOf(validator.verify(""))).isEqualTo(Reason.MISSING);
        assertThat(listener.last().reason()).contains(Reason.MISSING);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                " ",
                "x",
                "Bearer abc",
                "ak_",
                "sk_live_123",
                "ak_\u0000",
                "ak_ééééééééééééééééééééééééééééééééééééééééééééééééé"
            })
    void malformedKeysAreRejectedWithoutAStoreLookup(String presented) {
        assertThat(reasonOf(validator.verify(presented))).isEqualTo(Reason.MALFORMED);
        assertThat(store.hashLookups).hasValue(0);
        assertThat(listener.last().hashFingerprint()).isEmpty();
    }

    @Test
    void keyWithBadChecksumOrOtherPrefixIsMalformed() {
        String secret = issue(KeySpec.builder("k")).secret();
        String badChecksum = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertThat(reasonOf(validator.verify(badChecksum))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(validator.verify(KeyGenerator.secure("other").generate())))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(validator.verify(" " + secret))).isEqualTo(Reason.MALFORMED);
        assertThat(store.hashLookups).hasValue(0);
    }

    @Test
    void wellFormedUnknownKeyIsUnknownWithAFingerprint() {
        String stranger = KeyGenerator.secure().generate();

        assertThat(reasonOf(validator.verify(stranger))).isEqualTo(Reason.UNKNOWN);
        assertThat(listener.last().hashFingerprint())
                .contains(KeyHasher.sha256().hash(stranger).fingerprint());
        assertThat(listener.last().keyId()).isEmpty();
    }

    @Test
    void revokedKeyIsRejectedFromTheRevocationInstant() {
        IssuedKey issued = issue(KeySpec.builder("k"));
        clock.advance(Duration.ofMinutes(5));
        apiKeys.revoke(issued.id());
        Instant revokedAt = clock.instant();

        assertThat(reasonOf(verifyAt(issued.secret(), revokedAt))).isEqualTo(Reason.REVOKED);
        assertThat(reasonOf(verifyAt(issued.secret(), revokedAt.plusNanos(1)))).isEqualTo(Reason.REVOKED);
        assertThat(verifyAt(issued.secret(), revokedAt.minusNanos(1)).isValid()).isTrue();
        Verification rejected = verifyAt(issued.secret(), revokedAt);
        assertThat(rejected.key().map(ApiKey::id)).contains(issued.id());
        assertThat(listener.last().keyId()).contains(issued.id());
    }

    @Test
    void notYetValidUntilExactlyTheNotBeforeInstant() {
        Instant notBefore = T0.plus(Duration.ofHours(1));
        IssuedKey issued = issue(KeySpec.builder("k").notBefore(notBefore));

        assertThat(reasonOf(verifyAt(issued.secret(), notBefore.minusNanos(1)))).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(verifyAt(issued.secret(), notBefore).isValid()).isTrue();
        assertThat(verifyAt(issued.secret(), notBefore.plusNanos(1)).isValid()).isTrue();
    }

    @Test
    void expiredFromExactlyTheExpiryInstant() {
        IssuedKey issued = issue(KeySpec.builder("k").expiresIn(Duration.ofDays(90)));
        Instant expiry = T0.plus(Duration.ofDays(90));

        assertThat(issued.apiKey().expiresAt()).contains(expiry);
        assertThat(verifyAt(issued.secret(), expiry.minusNanos(1)).isValid()).isTrue();
        assertThat(reasonOf(verifyAt(issued.secret(), expiry))).isEqualTo(Reason.EXPIRED);
        assertThat(reasonOf(verifyAt(issued.secret(), expiry.plusNanos(1)))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void validatorUsesItsClockWhenTheContextHasNoTime() {
        IssuedKey issued = issue(KeySpec.builder("k").expiresIn(Duration.ofMinutes(1)));

        assertThat(validator.verify(issued.secret()).isValid()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(reasonOf(validator.verify(issued.secret()))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void clientOutsideTheAllowedNetworksIsRejected() {
        IssuedKey issued = issue(KeySpec.builder("k").allowedNetworks("10.0.0.0/8", "2001:db8::/32"));

        assertThat(validator
                        .verify(
                                issued.secret(),
                                VerificationContext.builder()
                                        .clientAddress("10.1.2.3")
                                        .build())
                        .isValid())
                .isTrue();
        assertThat(validator
                        .verify(
                                issued.secret(),
                                VerificationContext.builder()
                                        .clientAddress("2001:db8::7")
                                        .build())
                        .isValid())
                .isTrue();
        assertThat(validator
                        .verify(
                                issued.secret(),
                                VerificationContext.builder()
                                        .clientAddress("::ffff:10.0.0.1")
                                        .build())
                        .isValid())
                .isTrue();
        assertThat(reasonOf(validator.verify(
                        issued.secret(),
                        VerificationContext.builder().clientAddress("11.0.0.1").build())))
                .isEqualTo(Reason.NETWORK_NOT_ALLOWED);
        assertThat(reasonOf(validator.verify(issued.secret())))
                .as("unknown client address")
                .isEqualTo(Reason.NETWORK_NOT_ALLOWED);
    }

    @Test
    void keyWithoutNetworksIsAllowedFromAnywhere() {
        IssuedKey issued = issue(KeySpec.builder("k"));

        assertThat(validator
                        .verify(
                                issued.secret(),
                                VerificationContext.builder()
                                        .clientAddress("198.51.100.1")
                                        .build())
                        .isValid())
                .isTrue();
        assertThat(validator.verify(issued.secret()).isValid()).isTrue();
    }

    @Test
    void scopesMustAllBeHeldForAllAndOneForAny() {
        IssuedKey issued = issue(KeySpec.builder("k").scopes("reports:read", "keys:read"));

        assertThat(verifyScopes(issued, ScopeMatch.ALL, "reports:read", "keys:read")
                        .isValid())
                .isTrue();
        assertThat(reasonOf(verifyScopes(issued, ScopeMatch.ALL, "reports:read", "keys:admin")))
                .isEqualTo(Reason.INSUFFICIENT_SCOPE);
        assertThat(verifyScopes(issued, ScopeMatch.ANY, "keys:admin", "keys:read")
                        .isValid())
                .isTrue();
        assertThat(reasonOf(verifyScopes(issued, ScopeMatch.ANY, "keys:admin", "billing")))
                .isEqualTo(Reason.INSUFFICIENT_SCOPE);
        assertThat(verifyScopes(issued, ScopeMatch.ANY).isValid()).isTrue();
        assertThat(reasonOf(verifyScopes(issue(KeySpec.builder("none")), ScopeMatch.ALL, "reports:read")))
                .isEqualTo(Reason.INSUFFICIENT_SCOPE);
    }

    @Test
    void scopesComeFromTheAnnotation() throws Exception {
        IssuedKey reader = issue(KeySpec.builder("reader").scopes("reports:read"));
        RequireApiKey annotation = Annotated.class.getMethod("reports").getAnnotation(RequireApiKey.class);

        Verification result = validator.verify(
                reader.secret(),
                VerificationContext.builder().require(annotation).build());

        assertThat(result.isValid()).isTrue();
        assertThat(annotation.match()).isEqualTo(ScopeMatch.ANY);
    }

    static final class Annotated {
        @RequireApiKey(
                scopes = {"reports:read", "reports:admin"},
                match = ScopeMatch.ANY)
        public void reports() {}
    }

    private Verification verifyScopes(IssuedKey issued, ScopeMatch match, String... scopes) {
        return validator.verify(
                issued.secret(),
                VerificationContext.builder().requiredScopes(match, scopes).build());
    }

    @Test
    void pipelineStopsAtTheFirstFailureInOrder() {
        IssuedKey issued = issue(
                KeySpec.builder("k").scopes("a").allowedNetworks("10.0.0.0/8").expiresIn(Duration.ofHours(1)));
        apiKeys.revoke(issued.id());
        IssuedKey expiredOnly = issue(
                KeySpec.builder("e").scopes("a").allowedNetworks("10.0.0.0/8").expiresIn(Duration.ofHours(1)));
        IssuedKey networkAndScope = issue(KeySpec.builder("n").scopes("a").allowedNetworks("10.0.0.0/8"));
        VerificationContext everythingWrong = VerificationContext.builder()
                .clientAddress("11.0.0.1")
                .requiredScopes(ScopeMatch.ALL, "b")
                .build();
        clock.set(T0.plus(Duration.ofHours(2)));

        assertThat(reasonOf(validator.verify(issued.secret(), everythingWrong))).isEqualTo(Reason.REVOKED);
        assertThat(reasonOf(validator.verify(expiredOnly.secret(), everythingWrong)))
                .isEqualTo(Reason.EXPIRED);
        assertThat(reasonOf(validator.verify(networkAndScope.secret(), everythingWrong)))
                .isEqualTo(Reason.NETWORK_NOT_ALLOWED);
    }

    @Test
    void brokenStoreFailsClosedAndRecovers() {
        IssuedKey issued = issue(KeySpec.builder("k"));
        store.failing.set(true);

        Verification during = validator.verify(issued.secret());

        assertThat(reasonOf(during)).isEqualTo(Reason.STORE_UNAVAILABLE);
        assertThat(listener.last().reason()).contains(Reason.STORE_UNAVAILABLE);
        store.failing.set(false);
        assertThat(validator.verify(issued.secret()).isValid()).isTrue();
    }

    @Test
    void storeThrowingAnyRuntimeExceptionAlsoFailsClosed() {
        KeyStore exploding = new KeyStore() {
            @Override
            public Optional<ApiKey> findByHash(KeyHash hash) {
                throw new IllegalStateException("pool closed");
            }

            @Override
            public Optional<ApiKey> findById(String id) {
                return Optional.empty();
            }

            @Override
            public void save(ApiKey key) {}

            @Override
            public Optional<ApiKey> update(String id, java.util.function.UnaryOperator<ApiKey> change) {
                return Optional.empty();
            }

            @Override
            public java.util.List<ApiKey> list() {
                return java.util.List.of();
            }

            @Override
            public void recordUsage(java.util.Collection<KeyUsage> usage) {}
        };
        try (ApiKeys keys = ApiKeys.builder()
                .store(exploding)
                .listener(VerificationListener.none())
                .build()) {
            assertThat(reasonOf(keys.validator().verify(KeyGenerator.secure().generate())))
                    .isEqualTo(Reason.STORE_UNAVAILABLE);
        }
    }

    @Test
    void failingListenerNeverChangesTheOutcome() {
        MutableClock fixed = new MutableClock(T0);
        try (ApiKeys keys = ApiKeys.builder()
                .clock(fixed)
                .usageFlushInterval(Duration.ZERO)
                .listener(event -> {
                    throw new IllegalStateException("audit sink down");
                })
                .build()) {
            IssuedKey issued = keys.issue(KeySpec.builder("k").build());

            assertThat(keys.validator().verify(issued.secret()).isValid()).isTrue();
            assertThat(reasonOf(keys.validator().verify("nope"))).isEqualTo(Reason.MALFORMED);
        }
    }

    @Test
    void pepperedKeysVerifyOnlyWithTheSamePepper() {
        KeyStore shared = KeyStore.inMemory();
        try (ApiKeys issuer = ApiKeys.builder()
                        .store(shared)
                        .hasher(KeyHasher.hmacSha256("pepper-number-one-xyz"))
                        .build();
                ApiKeys samePepper = ApiKeys.builder()
                        .store(shared)
                        .hasher(KeyHasher.hmacSha256("pepper-number-one-xyz"))
                        .build();
                ApiKeys otherPepper = ApiKeys.builder()
                        .store(shared)
                        .hasher(KeyHasher.hmacSha256("pepper-number-two-xyz"))
                        .build()) {
            IssuedKey issued = issuer.issue(KeySpec.builder("k").build());

            assertThat(issued.apiKey().hash()).isNotEqualTo(KeyHasher.sha256().hash(issued.secret()));
            assertThat(samePepper.validator().verify(issued.secret()).isValid()).isTrue();
            assertThat(reasonOf(otherPepper.validator().verify(issued.secret())))
                    .isEqualTo(Reason.UNKNOWN);
        }
    }

    @Test
    void customPrefixIsIssuedAndEnforced() {
        try (ApiKeys keys = ApiKeys.builder()
                .prefix("acme_live")
                .listener(VerificationListener.none())
                .build()) {
            IssuedKey issued = keys.issue(KeySpec.builder("k").build());

            assertThat(issued.secret()).startsWith("acme_live_");
            assertThat(issued.apiKey().hint()).startsWith("acme_live_").hasSize("acme_live_".length() + 4);
            assertThat(keys.validator().verify(issued.secret()).isValid()).isTrue();
            assertThat(reasonOf(keys.validator().verify(KeyGenerator.secure().generate())))
                    .isEqualTo(Reason.MALFORMED);
        }
    }

    @Test
    void successesAreCountedAsUsageWithoutAStoreWritePerRequest() {
        IssuedKey issued = issue(KeySpec.builder("k"));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            validator.verify(issued.secret());
        }
        validator.verify(KeyGenerator.secure().generate());

        assertThat(apiKeys.find(issued.id()).orElseThrow().useCount()).isZero();
        apiKeys.flushUsage();
        ApiKey used = apiKeys.find(issued.id()).orElseThrow();
        assertThat(used.useCount()).isEqualTo(5);
        assertThat(used.lastUsedAt()).contains(T0.plusSeconds(5));
    }

    @Test
    void usageThatFailsToFlushIsKeptForTheNextFlush() {
        IssuedKey issued = issue(KeySpec.builder("k"));
        validator.verify(issued.secret());
        validator.verify(issued.secret());
        store.failing.set(true);

        org.assertj.core.api.Assertions.assertThatThrownBy(apiKeys::flushUsage).isInstanceOf(KeyStoreException.class);
        store.failing.set(false);
        validator.verify(issued.secret());
        apiKeys.flushUsage();

        assertThat(apiKeys.find(issued.id()).orElseThrow().useCount()).isEqualTo(3);
    }

    @Test
    void closeFlushesUsage() {
        KeyStore keys = KeyStore.inMemory();
        ApiKeys instance = ApiKeys.builder()
                .store(keys)
                .listener(VerificationListener.none())
                .build();
        IssuedKey issued = instance.issue(KeySpec.builder("k").build());
        instance.validator().verify(issued.secret());

        instance.close();

        assertThat(keys.findById(issued.id()).orElseThrow().useCount()).isEqualTo(1);
    }

    @Test
    void backgroundFlushWritesUsageOnSchedule() throws InterruptedException {
        KeyStore keys = KeyStore.inMemory();
        try (ApiKeys instance = ApiKeys.builder()
                .store(keys)
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofMillis(20))
                .build()) {
            IssuedKey issued = instance.issue(KeySpec.builder("k").build());
            instance.validator().verify(issued.secret());

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (keys.findById(issued.id()).orElseThrow().useCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(keys.findById(issued.id()).orElseThrow().useCount()).isEqualTo(1);
        }
    }
}
