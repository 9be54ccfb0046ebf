package dev.apikey.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.testing.ForwardingKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The decorator over a store that counts its lookups: what is answered from memory, and what never is. */
final class CachingKeyStoreTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");

    private final CountingStore backing = new CountingStore(KeyStore.inMemory());
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CachingKeyStore store =
            CachingKeyStore.wrapping(backing).ticker(nanos::get).build();

    private static ApiKey key(String id) {
        KeyHash hash = KeyHasher.sha256().hash("secret of " + id);
        return ApiKey.builder()
                .id(id)
                .name(id)
                .hash(hash)
                .hint("ak_xxxx")
                .createdAt(CREATED)
                .build();
    }

    @Test
    void aKnownKeyIsLookedUpOnceWithinTheTtlAndAgainAfterIt() {
        ApiKey key = key("key_known");
        backing.save(key);

        for (int i = 0; i < 5; i++) {
            assertThat(store.findByHash(key.hash())).contains(key);
        }
        assertThat(backing.lookups.get()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(store.findByHash(key.hash())).contains(key);
        assertThat(backing.lookups.get()).isEqualTo(2);
    }

    @Test
    void anUnknownHashCostsOneLookupUntilAKeyWithItIsSavedThroughTheCache() {
        ApiKey key = key("key_later");
        assertThat(store.findByHash(key.hash())).isEmpty();
        assertThat(store.findByHash(key.hash())).isEmpty();
        assertThat(backing.lookups.get()).isEqualTo(1);
        assertThat(store.unknownHashesRemembered()).isEqualTo(1);

        store.save(key);

        assertThat(store.findByHash(key.hash())).contains(key);
    }

    @Test
    void aRevocationThroughTheCacheIsSeenAtOnce() {
        ApiKey key = key("key_revoked");
        store.save(key);
        assertThat(store.findByHash(key.hash()))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .isEqualTo(false);

        store.update(
                key.id(), k -> k.toBuilder().revokedAt(CREATED.plusSeconds(1)).build());

        assertThat(store.findByHash(key.hash()))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .isEqualTo(true);
    }

    @Test
    void aChangeMadeElsewhereIsSeenAfterInvalidateOrTheTtl() {
        ApiKey key = key("key_elsewhere");
        backing.save(key);
        store.findByHash(key.hash());
        backing.update(
                key.id(), k -> k.toBuilder().revokedAt(CREATED.plusSeconds(1)).build()); // another process, say

        assertThat(store.findByHash(key.hash()))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .as("still cached")
                .isEqualTo(false);
        store.invalidate(key.hash());
        assertThat(store.findByHash(key.hash()))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .isEqualTo(true);

        backing.update(key.id(), k -> k.toBuilder().name("renamed").build());
        store.invalidateAll();
        assertThat(store.findByHash(key.hash())).get().extracting(ApiKey::name).isEqualTo("renamed");
    }

    @Test
    void aLookupThatRacedWithARevocationDoesNotPutTheOldKeyBack() throws Exception {
        ApiKey key = key("key_raced");
        backing.save(key);
        backing.pauseNextLookup();
        CompletableFuture<Optional<ApiKey>> slowReader =
                CompletableFuture.supplyAsync(() -> store.findByHash(key.hash()));
        assertThat(backing.lookupPaused.await(30, TimeUnit.SECONDS)).isTrue(); // it has read the unrevoked key

        store.update(
                key.id(), k -> k.toBuilder().revokedAt(CREATED.plusSeconds(1)).build());
        backing.resumeLookup.countDown();

        assertThat(slowReader.get(30, TimeUnit.SECONDS))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .isEqualTo(false);
        assertThat(store.findByHash(key.hash()))
                .get()
                .extracting(k -> k.revokedAt().isPresent())
                .as("the slow reader's old answer was not cached")
                .isEqualTo(true);
    }

    @Test
    void aFailedUpdateDropsEverythingSinceTheStoreMayHaveChangedTheKey() {
        ApiKey key = key("key_failing");
        backing.save(key);
        store.findByHash(key.hash());
        int before = backing.lookups.get();

        assertThatThrownBy(() -> store.update(key.id(), k -> {
                    throw new IllegalStateException("the change fails");
                }))
                .isInstanceOf(IllegalStateException.class);

        store.findByHash(key.hash());
        assertThat(backing.lookups.get()).isEqualTo(before + 1);
    }

    @Test
    void zeroTtlsDisableCaching() {
        CachingKeyStore uncached = CachingKeyStore.wrapping(backing)
                .ttl(Duration.ZERO)
                .unknownTtl(Duration.ZERO)
                .build();
        ApiKey key = key("key_uncached");
        backing.save(key);

        uncached.findByHash(key.hash());
        uncached.findByHash(key.hash());
        uncached.findByHash(key("key_absent").hash());
        uncached.findByHash(key("key_absent").hash());

        assertThat(backing.lookups.get()).isEqualTo(4);
    }

    @Test
    void badSettingsAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> CachingKeyStore.wrapping(null)).hasMessageContaining("store must not be null");
        assertThatThrownBy(() -> CachingKeyStore.wrapping(backing).ttl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must be zero or positive");
        assertThatThrownBy(() -> CachingKeyStore.wrapping(backing).maximumSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumSize must be at least 1");
        assertThatThrownBy(() ->
                        CachingKeyStore.wrapping(backing).ttl(Duration.ZERO).ttl(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ttl was already set");
    }

    @Test
    void unknownHashesAreBoundedInNumber() {
        CachingKeyStore small =
                CachingKeyStore.wrapping(backing).unknownMaximumSize(10).build();
        for (int i = 0; i < 1_000; i++) {
            small.findByHash(key("key_random_" + i).hash());
        }
        assertThat(small.unknownHashesRemembered()).isLessThanOrEqualTo(10);
    }

    /** A store that counts lookups by hash and can hold one back until the test lets it go. */
    private static final class CountingStore extends ForwardingKeyStore {
        final AtomicInteger lookups = new AtomicInteger();
        final CountDownLatch lookupPaused = new CountDownLatch(1);
        final CountDownLatch resumeLookup = new CountDownLatch(1);
        private volatile boolean pauseNext;

        CountingStore(KeyStore delegate) {
            super(delegate);
        }

        void pauseNextLookup() {
            pauseNext = true;
        }

        @Override
        public Optional<ApiKey> findByHash(KeyHash hash) {
            lookups.incrementAndGet();
            Optional<ApiKey> found = super.findByHash(hash);
            if (pauseNext) {
                pauseNext = false;
                lookupPaused.countDown();
                try {
                    if (!resumeLookup.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never resumed the lookup");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return found;
        }
    }
}
