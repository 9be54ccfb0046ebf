package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ApiKeysTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FaultyKeyStore store = new FaultyKeyStore();
    private final ApiKeys apiKeys = ApiKeys.builder()
            .store(store)
            .clock(clock)
            .listener(VerificationListener.none())
            .usageFlushInterval(Duration.ZERO)
            .build();

    @AfterEach
    void close() {
        apiKeys.close();
    }

    private Verification verifyAt(String secret, Instant when) {
        clock.set(when);
        return apiKeys.validator().verify(secret);
    }

    @Test
    void issueStoresOnlyTheHashAndReturnsTheSecretOnce() {
        IssuedKey issued = apiKeys.issue(KeySpec.builder("billing")
                .scopes("invoices:read")
                .metadata("team", "pay")
                .build());
        ApiKey stored = apiKeys.find(issued.id()).orElseThrow();

        assertThat(stored).isEqualTo(issued.apiKey());
        assertThat(stored.hash()).isEqualTo(KeyHasher.sha256().hash(issued.secret()));
        assertThat(stored.id()).matches("key_[0-9A-Za-z]{20}");
        assertThat(stored.hint()).isEqualTo(issued.secret().substring(0, 7));
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.toString())
                .doesNotContain(issued.secret())
                .doesNotContain(issued.secret().substring(7));
        assertThat(stored.metadata()).containsEntry("team", "pay");
    }

    @Test
    void issueRefusesExpiryInThePast() {
        assertThatThrownBy(
                        () -> apiKeys.issue(KeySpec.builder("k").expiresAt(T0).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after now");
        assertThatThrownBy(() -> apiKeys.issue(null)).hasMessageContaining("KeySpec.builder");
    }

    @Test
    void idsAreUniqueAndPublic() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(apiKeys.issue(KeySpec.builder("k" + i).build()).id());
        }
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void rotationKeepsTheOldKeyWorkingUntilTheGraceEnds() {
        IssuedKey old = apiKeys.issue(KeySpec.builder("billing")
                .scopes("invoices:read")
                .allowedNetworks("10.0.0.0/8")
                .metadata("team", "pay")
                .build());
        clock.advance(Duration.ofDays(10));
        Instant rotatedAt = clock.instant();

        IssuedKey replacement = apiKeys.rotate(old.id(), Duration.ofHours(24)).orElseThrow();
        Instant graceEnd = rotatedAt.plus(Duration.ofHours(24));

        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(replacement.secret()).isNotEqualTo(old.secret());
        assertThat(replacement.apiKey().name()).isEqualTo("billing");
        assertThat(replacement.apiKey().scopes()).containsExactly("invoices:read");
        assertThat(replacement.apiKey().allowedNetworks())
                .extracting(Object::toString)
                .containsExactly("10.0.0.0/8");
        assertThat(replacement.apiKey().metadata()).containsEntry("team", "pay");
        assertThat(replacement.apiKey().expiresAt()).isEmpty();
        VerificationContext office =
                VerificationContext.builder().clientAddress("10.0.0.1").build();
        clock.set(graceEnd.minusNanos(1));
        assertThat(apiKeys.validator().verify(old.secret(), office).isValid()).isTrue();
        assertThat(apiKeys.validator().verify(replacement.secret(), office).isValid())
                .isTrue();
        clock.set(graceEnd);
        assertThat(((Verification.Rejected) apiKeys.validator().verify(old.secret(), office)).reason())
                .isEqualTo(Reason.EXPIRED);
        assertThat(apiKeys.validator().verify(replacement.secret(), office).isValid())
                .isTrue();
        clock.set(graceEnd.plusNanos(1));
        assertThat(apiKeys.validator().verify(old.secret(), office).isValid()).isFalse();
    }

    @Test
    void rotationWithoutGraceStopsTheOldKeyAtOnce() {
        IssuedKey old = apiKeys.issue(KeySpec.builder("k").build());

        IssuedKey replacement = apiKeys.rotate(old.id(), Duration.ZERO).orElseThrow();

        assertThat(((Verification.Rejected) verifyAt(old.secret(), T0)).reason())
                .isEqualTo(Reason.EXPIRED);
        assertThat(verifyAt(old.secret(), T0.minusNanos(1)).isValid()).isTrue();
        assertThat(verifyAt(replacement.secret(), T0).isValid()).isTrue();
    }

    @Test
    void rotationGivesTheNewKeyTheSameLifetimeFromNow() {
        IssuedKey old = apiKeys.issue(
                KeySpec.builder("k").expiresIn(Duration.ofDays(90)).build());
        clock.advance(Duration.ofDays(80));

        IssuedKey replacement = apiKeys.rotate(old.id(), Duration.ofDays(30)).orElseThrow();

        assertThat(replacement.apiKey().expiresAt()).contains(T0.plus(Duration.ofDays(170)));
        assertThat(apiKeys.find(old.id()).orElseThrow().expiresAt())
                .as("a grace period never extends the old key")
                .contains(T0.plus(Duration.ofDays(90)));
    }

    @Test
    void rotatingAKeyThatIsNotValidYetKeepsItsStartAndWithdrawsTheOldKey() {
        Instant start = T0.plus(Duration.ofDays(7));
        IssuedKey old = apiKeys.issue(KeySpec.builder("k")
                .notBefore(start)
                .expiresIn(Duration.ofDays(30))
                .build());

        IssuedKey replacement = apiKeys.rotate(old.id(), Duration.ofHours(24)).orElseThrow();

        assertThat(replacement.apiKey().notBefore()).contains(start);
        assertThat(replacement.apiKey().expiresAt()).contains(start.plus(Duration.ofDays(23)));
        assertThat(apiKeys.find(old.id()).orElseThrow().revokedAt()).contains(T0);
        assertThat(((Verification.Rejected) verifyAt(replacement.secret(), start.minusNanos(1))).reason())
                .isEqualTo(Reason.NOT_YET_VALID);
        assertThat(verifyAt(replacement.secret(), start).isValid()).isTrue();
        assertThat(verifyAt(old.secret(), start).isValid()).isFalse();
    }

    @Test
    void rotatingAKeyThatStartsWithinTheGraceKeepsItUntilTheGraceEnds() {
        Instant start = T0.plus(Duration.ofHours(1));
        IssuedKey old = apiKeys.issue(KeySpec.builder("k").notBefore(start).build());

        apiKeys.rotate(old.id(), Duration.ofHours(2)).orElseThrow();

        ApiKey stored = apiKeys.find(old.id()).orElseThrow();
        assertThat(stored.revokedAt()).isEmpty();
        assertThat(stored.expiresAt()).contains(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void rotatingARevokedOrExpiredKeyIsRefused() {
        IssuedKey revoked = apiKeys.issue(KeySpec.builder("r").build());
        apiKeys.revoke(revoked.id());
        IssuedKey expired = apiKeys.issue(
                KeySpec.builder("e").expiresIn(Duration.ofMinutes(1)).build());
        clock.advance(Duration.ofMinutes(1));
        int before = apiKeys.list().size();

        assertThatThrownBy(() -> apiKeys.rotate(revoked.id(), Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(revoked.id() + " is revoked")
                .hasMessageContaining("issue a new key");
        assertThatThrownBy(() -> apiKeys.rotate(expired.id(), Duration.ZERO)).hasMessageContaining("is expired");
        assertThat(apiKeys.list()).hasSize(before);
    }

    @Test
    void rotatingAnUnknownKeyFindsNothing() {
        assertThat(apiKeys.rotate("key_unknown", Duration.ZERO)).isEmpty();
        assertThatThrownBy(() -> apiKeys.rotate("key_x", Duration.ofSeconds(-1)))
                .hasMessageContaining("grace");
    }

    @Test
    void revokeIsImmediateAndIdempotent() {
        IssuedKey issued = apiKeys.issue(KeySpec.builder("k").build());
        clock.advance(Duration.ofMinutes(1));

        ApiKey revoked = apiKeys.revoke(issued.id()).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        ApiKey again = apiKeys.revoke(issued.id()).orElseThrow();

        assertThat(revoked.revokedAt()).contains(T0.plus(Duration.ofMinutes(1)));
        assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(revoked.statusAt(clock.instant())).isEqualTo(KeyStatus.REVOKED);
        assertThat(apiKeys.revoke("key_unknown")).isEmpty();
    }

    @Test
    void listIsOldestFirstAndIncludesRevokedKeys() {
        IssuedKey first = apiKeys.issue(KeySpec.builder("first").build());
        clock.advance(Duration.ofSeconds(1));
        IssuedKey second = apiKeys.issue(KeySpec.builder("second").build());
        apiKeys.revoke(first.id());

        assertThat(apiKeys.list()).extracting(ApiKey::id).containsExactly(first.id(), second.id());
        assertThat(apiKeys.find("key_none")).isEmpty();
    }

    @Test
    void storeFailureWhileIssuingSurfacesAsKeyStoreException() {
        store.failing.set(true);

        assertThatThrownBy(() -> apiKeys.issue(KeySpec.builder("k").build())).isInstanceOf(KeyStoreException.class);
        assertThatThrownBy(() -> apiKeys.revoke("key_x")).isInstanceOf(KeyStoreException.class);
    }

    @Test
    void builderRefusesDoubleSettingAndConflicts() {
        assertThatThrownBy(() -> ApiKeys.builder().store(KeyStore.inMemory()).store(KeyStore.inMemory()))
                .hasMessage("store was already set");
        assertThatThrownBy(() -> ApiKeys.builder().prefix("a").generator(KeyGenerator.secure()))
                .hasMessageContaining("exclusive");
        assertThatThrownBy(
                        () -> ApiKeys.builder().generator(KeyGenerator.secure()).prefix("a"))
                .hasMessageContaining("exclusive");
        assertThatThrownBy(() -> ApiKeys.builder().prefix("Bad")).hasMessageContaining("[a-z0-9_]");
        assertThatThrownBy(() -> ApiKeys.builder().clock(null)).hasMessage("clock must not be null");
        assertThatThrownBy(() -> ApiKeys.builder().usageFlushInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("usageFlushInterval");
    }

    @Test
    void defaultsGiveAWorkingInstance() {
        try (ApiKeys defaults = ApiKeys.builder().build()) {
            IssuedKey issued = defaults.issue(KeySpec.builder("k").build());

            assertThat(issued.secret()).startsWith("ak_");
            assertThat(defaults.validator().verify(issued.secret()).isValid()).isTrue();
            assertThat(defaults.validator()).isSameAs(defaults.validator());
            assertThat(defaults.format()).isEqualTo(KeyFormat.standard());
            assertThat(defaults.hasher().algorithm()).isEqualTo("sha256");
        }
    }
}
