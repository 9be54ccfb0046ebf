package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.testing.ForwardingKeyStore;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Edge cases found in review: each once let a secret out, a key through, or an exception escape. */
final class ReviewFindingsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void listenersReceivePathsAndMethodsWithKeysRedacted() {
        RecordingListener listener = new RecordingListener();
        try (ApiKeys apiKeys = ApiKeys.builder().listener(listener).build()) {
            String secret = apiKeys.issue(KeySpec.builder("k").build()).secret();

            apiKeys.validator()
                    .verify(
                            secret,
                            VerificationContext.builder()
                                    .request("GET " + secret, "/v1/" + secret + "/x")
                                    .build());

            VerificationEvent event = listener.last();
            assertThat(event.path()).contains("/v1/ak_<redacted>/x");
            assertThat(event.method()).contains("GET ak_<redacted>");
            assertThat(event.toString()).doesNotContain(secret);
        }
    }

    @Test
    void aStoreThrowingACheckedExceptionSneakilyStillFailsClosed() {
        KeyStore sneaky = new ForwardingKeyStore(KeyStore.inMemory()) {
            @Override
            public Optional<ApiKey> findByHash(KeyHash hash) {
                return ReviewFindingsTest.<RuntimeException>sneakyThrow(new java.io.IOException("connection reset"));
            }
        };
        try (ApiKeys apiKeys = ApiKeys.builder()
                .store(sneaky)
                .listener(VerificationListener.none())
                .build()) {
            Verification result =
                    apiKeys.validator().verify(KeyGenerator.secure().generate());

            assertThat(((Verification.Rejected) result).reason()).isEqualTo(Verification.Reason.STORE_UNAVAILABLE);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> Optional<ApiKey> sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    @Test
    void aBrokenClockFailsClosedInsteadOfThrowing() {
        java.time.Clock broken = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("clock source gone");
            }
        };
        try (ApiKeys apiKeys = ApiKeys.builder()
                .clock(broken)
                .listener(VerificationListener.none())
                .build()) {
            assertThat(apiKeys.validator().verify("whatever").isValid()).isFalse();
        }
    }

    @Test
    void flushedUsageNeverCarriesAnImpossibleTime() throws Exception {
        List<KeyUsage> reported = new CopyOnWriteArrayList<>();
        KeyStore recording = new ForwardingKeyStore(KeyStore.inMemory()) {
            @Override
            public void recordUsage(Collection<KeyUsage> usage) {
                reported.addAll(usage);
            }
        };
        UsageRecorder recorder = new UsageRecorder(recording);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> flusher = pool.submit(() -> {
            while (running.get()) {
                recorder.flush();
            }
            return null;
        });
        List<Future<Object>> recorders = List.of(0, 1).stream()
                .map(t -> pool.<Object>submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        recorder.record("key_" + t + "_" + i, T0);
                    }
                    return null;
                }))
                .toList();
        for (Future<?> task : recorders) {
            task.get(60, TimeUnit.SECONDS);
        }
        running.set(false);
        flusher.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        recorder.flush();

        assertThat(reported).allSatisfy(usage -> assertThat(usage.lastUsedAt()).isEqualTo(T0));
        assertThat(reported.stream().mapToLong(KeyUsage::uses).sum()).isEqualTo(100_000);
    }

    @Test
    void absurdDurationsAreRefusedBeforeAnythingIsIssued() {
        MutableClock clock = new MutableClock(T0);
        try (ApiKeys apiKeys = ApiKeys.builder()
                .clock(clock)
                .listener(VerificationListener.none())
                .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());

            assertThatThrownBy(() -> apiKeys.rotate(key.id(), Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too long");
            assertThatThrownBy(() -> apiKeys.issue(KeySpec.builder("k2")
                            .expiresIn(Duration.ofSeconds(Long.MAX_VALUE))
                            .build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too long");
            assertThatThrownBy(() -> apiKeys.issue(
                            KeySpec.builder("k3").expiresAt(Instant.MAX).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("out of range");
            assertThat(apiKeys.list()).hasSize(1);
            assertThatThrownBy(() -> ApiKeys.builder().usageFlushInterval(Duration.ofDays(365)))
                    .hasMessageContaining("between 1 ms and 1 day");
        }
    }

    @Test
    void rotationMeasuresTheLifetimeFromWhenTheKeyBecameUsable() {
        MutableClock clock = new MutableClock(T0);
        try (ApiKeys apiKeys = ApiKeys.builder()
                .clock(clock)
                .listener(VerificationListener.none())
                .build()) {
            IssuedKey old = apiKeys.issue(KeySpec.builder("k")
                    .notBefore(T0.minus(Duration.ofDays(365)))
                    .expiresIn(Duration.ofDays(30))
                    .build());

            IssuedKey replacement = apiKeys.rotate(old.id(), Duration.ZERO).orElseThrow();

            assertThat(replacement.apiKey().expiresAt()).contains(T0.plus(Duration.ofDays(30)));
        }
    }

    @Test
    void aRevocationCannotBeUndoneThroughTheStore() {
        try (ApiKeys apiKeys =
                ApiKeys.builder().listener(VerificationListener.none()).build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());
            apiKeys.revoke(key.id());

            assertThatThrownBy(() -> apiKeys.store()
                            .update(key.id(), k -> k.toBuilder().revokedAt(null).build()))
                    .hasMessageContaining("cannot be undone");
            assertThatThrownBy(() -> apiKeys.store()
                            .update(
                                    key.id(),
                                    k -> k.toBuilder()
                                            .revokedAt(
                                                    k.revokedAt().orElseThrow().plusSeconds(60))
                                            .build()))
                    .hasMessageContaining("postponed");
            assertThat(apiKeys.validator().verify(key.secret()).isValid()).isFalse();
        }
    }

    @Test
    void missingArgumentsAreNamedNotIgnored() {
        try (ApiKeys apiKeys =
                ApiKeys.builder().listener(VerificationListener.none()).build()) {
            assertThatThrownBy(() -> apiKeys.revoke(null)).hasMessageContaining("key id is required");
            assertThatThrownBy(() -> apiKeys.find(null)).hasMessageContaining("key id is required");
            assertThatThrownBy(() -> apiKeys.rotate(null, Duration.ZERO)).hasMessageContaining("key id is required");
            ApiKey key = apiKeys.issue(KeySpec.builder("k").build()).apiKey();
            assertThatThrownBy(() -> key.hasScopes(java.util.Set.of("a"), null))
                    .hasMessageContaining("must not be null");
            assertThatThrownBy(() -> key.statusAt(null)).hasMessageContaining("must not be null");
            assertThatThrownBy(() -> key.allowsAddress(null)).hasMessageContaining("Optional");
            assertThatThrownBy(() -> VerificationContext.builder()
                            .clientAddress("10.0.0.1")
                            .clientAddress("10.0.0.2"))
                    .hasMessage("clientAddress was already set");
            assertThatThrownBy(() -> VerificationContext.builder()
                            .requiredScopes(ScopeMatch.ALL, "a")
                            .requiredScopes(ScopeMatch.ANY, "b"))
                    .hasMessage("requiredScopes was already set");
        }
    }

    @Test
    void ipv4MappedIpv6AddressesMatchIpv4Networks() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3};
        Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(IpNetwork.parse("10.0.0.0/8").contains(address)).isTrue();
        assertThat(IpNetwork.parse("11.0.0.0/8").contains(address)).isFalse();
    }

    @Test
    void durationsParseOnlyWithinBoundsAndFormatExactly() {
        assertThatThrownBy(() -> HumanDuration.parse("1s".repeat(1000))).isInstanceOf(IllegalArgumentException.class);
        Duration fine = Duration.ofSeconds(1, 1);
        assertThat(HumanDuration.parse(HumanDuration.format(fine))).isEqualTo(fine);
    }
}
