package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InMemoryKeyStoreTest {

    private final KeyStore store = KeyStore.inMemory();

    private static ApiKey key(String id, String secret) {
        return ApiKey.builder()
                .id(id)
                .name("n-" + id)
                .hash(KeyHasher.sha256().hash(secret))
                .hint("ak_abcd")
                .createdAt(Instant.EPOCH)
                .build();
    }

    @Test
    void findsBySavedHashAndId() {
        ApiKey key = key("key_1", "secret-1");
        store.save(key);

        assertThat(store.findByHash(KeyHasher.sha256().hash("secret-1"))).contains(key);
        assertThat(store.findById("key_1")).contains(key);
        assertThat(store.findByHash(KeyHasher.sha256().hash("secret-2"))).isEmpty();
        assertThat(store.findById("key_2")).isEmpty();
        assertThatThrownBy(() -> store.findById(null)).hasMessage("id must not be null");
        assertThatThrownBy(() -> store.findByHash(null)).hasMessage("hash must not be null");
    }

    @Test
    void refusesDuplicateIdsAndHashes() {
        store.save(key("key_1", "secret-1"));

        assertThatThrownBy(() -> store.save(key("key_1", "secret-2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("id key_1");
        assertThatThrownBy(() -> store.save(key("key_2", "secret-1"))).hasMessageContaining("same hash");
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void updateKeepsIdHashAndUsage() {
        store.save(key("key_1", "secret-1"));
        store.recordUsage(List.of(new KeyUsage("key_1", 3, Instant.ofEpochSecond(10))));

        ApiKey updated = store.update(
                        "key_1",
                        k -> k.toBuilder()
                                .name("renamed")
                                .useCount(0)
                                .lastUsedAt(null)
                                .build())
                .orElseThrow();

        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.useCount()).isEqualTo(3);
        assertThat(updated.lastUsedAt()).contains(Instant.ofEpochSecond(10));
        assertThat(store.findByHash(updated.hash())).contains(updated);
        assertThatThrownBy(() ->
                        store.update("key_1", k -> k.toBuilder().id("key_2").build()))
                .hasMessageContaining("must not change a key's id, hash or lineage");
        assertThatThrownBy(() -> store.update(
                        "key_1",
                        k -> k.toBuilder().hash(KeyHasher.sha256().hash("x")).build()))
                .hasMessageContaining("must not change a key's id, hash or lineage");
        assertThatThrownBy(() -> store.update("key_1", k -> null)).hasMessageContaining("not null");
        assertThat(store.update("key_9", k -> k)).isEmpty();
    }

    @Test
    void usageAddsCountsAndKeepsTheLatestTime() {
        store.save(key("key_1", "secret-1"));

        store.recordUsage(
                List.of(new KeyUsage("key_1", 2, Instant.ofEpochSecond(20)), new KeyUsage("key_zz", 1, Instant.EPOCH)));
        store.recordUsage(List.of(new KeyUsage("key_1", 5, Instant.ofEpochSecond(10))));

        ApiKey used = store.findById("key_1").orElseThrow();
        assertThat(used.useCount()).isEqualTo(7);
        assertThat(used.lastUsedAt()).contains(Instant.ofEpochSecond(20));
        assertThatThrownBy(() -> new KeyUsage("key_1", 0, Instant.EPOCH)).hasMessageContaining("at least 1");
    }
}
