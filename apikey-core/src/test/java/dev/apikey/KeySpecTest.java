package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class KeySpecTest {

    @Test
    void buildsAFullSpec() {
        KeySpec spec = KeySpec.builder("  billing-service ")
                .scopes("invoices:read", "invoices:write")
                .allowedNetworks("10.0.0.0/8", "2001:db8::/32")
                .metadata("team", "payments")
                .expiresIn(Duration.ofDays(90))
                .notBefore(Instant.parse("2026-01-01T00:00:00Z"))
                .build();

        assertThat(spec.name()).isEqualTo("billing-service");
        assertThat(spec.scopes()).containsExactly("invoices:read", "invoices:write");
        assertThat(spec.allowedNetworks())
                .extracting(IpNetwork::toString)
                .containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(spec.metadata()).containsExactlyEntriesOf(Map.of("team", "payments"));
        assertThat(spec.lifetime()).contains(Duration.ofDays(90));
        assertThat(spec.expiresAt()).isEmpty();
    }

    @Test
    void scopesMustNotContainBlankEntries() {
        assertThatThrownBy(() -> KeySpec.builder("k").scopes("a", " ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scopes must not contain blank entries");
        assertThatThrownBy(() ->
                        KeySpec.builder("k").scopes(Arrays.asList("a", null)).build())
                .hasMessage("scopes must not contain blank entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "quote\"", "semi;colon", "comma,", "star*", "é"})
    void scopesOutsideTheGrammarAreRefused(String scope) {
        assertThatThrownBy(() -> KeySpec.builder("k").scopes(scope).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[A-Za-z0-9._:/-]");
    }

    @Test
    void scopesAreAtMost128Characters() {
        assertThat(KeySpec.builder("k").scopes("x.".repeat(64)).build().scopes())
                .hasSize(1);
        assertThatThrownBy(
                        () -> KeySpec.builder("k").scopes("x.".repeat(64) + "y").build())
                .hasMessageContaining("1 to 128 characters");
    }

    @Test
    void namesAreRequiredBoundedAndFreeOfControlCharacters() {
        assertThatThrownBy(() -> KeySpec.builder(" ").build()).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> KeySpec.builder(null).build()).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> KeySpec.builder("x".repeat(201)).build()).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> KeySpec.builder("evil\nINFO forged").build())
                .hasMessageContaining("control characters");
        assertThat(KeySpec.builder("Zürich reporting ✓").build().name()).isEqualTo("Zürich reporting ✓");
    }

    @Test
    void eachAttributeCanBeSetOnlyOnce() {
        assertThatThrownBy(() -> KeySpec.builder("k").scopes("a").scopes("b")).hasMessage("scopes was already set");
        assertThatThrownBy(
                        () -> KeySpec.builder("k").expiresIn(Duration.ofDays(1)).expiresAt(Instant.now()))
                .hasMessage("expiresIn was already set");
        assertThatThrownBy(() -> KeySpec.builder("k").expiresAt(Instant.now()).expiresIn(Duration.ofDays(1)))
                .hasMessage("expiresAt was already set");
        assertThatThrownBy(() -> KeySpec.builder("k").metadata("a", "1").metadata("a", "2"))
                .hasMessage("metadata 'a' was already set");
        assertThatThrownBy(
                        () -> KeySpec.builder("k").allowedNetworks("10.0.0.0/8").allowedNetworks("::/0"))
                .hasMessage("allowedNetworks was already set");
    }

    @Test
    void validatesTimesLimitsAndMetadata() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> KeySpec.builder("k").notBefore(t).expiresAt(t).build())
                .hasMessageContaining("must be after notBefore");
        assertThatThrownBy(() -> KeySpec.builder("k").expiresIn(Duration.ZERO).build())
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> KeySpec.builder("k").metadata("bad key", "v")).hasMessageContaining("metadata key");
        assertThatThrownBy(() -> KeySpec.builder("k").metadata("k", "x".repeat(1025)))
                .hasMessageContaining("at most 1024");
        assertThatThrownBy(() -> KeySpec.builder("k").allowedNetworks("nope")).hasMessageContaining("not a network");
        assertThatThrownBy(() -> KeySpec.builder("k")
                        .scopes(java.util.stream.IntStream.range(0, 65)
                                .mapToObj(i -> "s" + i)
                                .toList())
                        .build())
                .hasMessageContaining("at most 64 scopes");
        assertThatThrownBy(() -> new KeySpec(
                        "k",
                        Set.of(),
                        List.of(),
                        Map.of(),
                        Optional.empty(),
                        Optional.of(t),
                        Optional.of(Duration.ofDays(1)),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("not both");
    }

    @Test
    void apiKeyValidatesItsComponents() {
        ApiKey.Builder valid = ApiKey.builder()
                .id("key_1")
                .name("n")
                .hash(KeyHasher.sha256().hash("x"))
                .hint("ak_abcd")
                .createdAt(Instant.EPOCH);
        assertThat(valid.build().scopes()).isEmpty();
        assertThatThrownBy(() -> valid.id("bad id").build()).hasMessageContaining("key id 'bad id' is invalid");
        assertThatThrownBy(() -> valid.id("key_1").hash(null).build()).hasMessageContaining("hash must not be null");
        assertThatThrownBy(
                        () -> valid.hash(KeyHasher.sha256().hash("x")).hint("").build())
                .hasMessageContaining("hint");
        assertThatThrownBy(() -> valid.hint("ak_abcd").createdAt(null).build()).hasMessageContaining("createdAt");
        assertThatThrownBy(() -> valid.createdAt(Instant.EPOCH).useCount(-1).build())
                .hasMessageContaining("useCount");
    }

    @Test
    void apiKeyCollectionsAreImmutableCopies() {
        List<String> scopes = new java.util.ArrayList<>(List.of("a"));
        ApiKey key = ApiKey.builder()
                .id("key_1")
                .name("n")
                .hash(KeyHasher.sha256().hash("x"))
                .hint("ak_abcd")
                .createdAt(Instant.EPOCH)
                .scopes(scopes)
                .build();
        scopes.add("b");

        assertThat(key.scopes()).containsExactly("a");
        assertThatThrownBy(() -> key.scopes().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> key.metadata().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    }
}
