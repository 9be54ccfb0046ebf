package dev.apikey.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.IpNetwork;
import dev.apikey.IssuedKey;
import dev.apikey.KeyGenerator;
import dev.apikey.KeyHasher;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.KeyUsage;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The technology compatibility kit of {@link KeyStore}: what every store must do — keep a key whole, refuse
 * duplicates, never lose a concurrent update or a usage count, show a revocation at once, verify through
 * {@link ApiKeys} from many threads. Published in {@code apikey-core}'s test-jar: a store implementation subclasses
 * it and implements {@link #newStore()}. Run against the in-memory store here, and on SQLite and PostgreSQL in
 * {@code apikey-jdbc}.
 */
public abstract class KeyStoreTck {

    /** The store under test, new and empty for each test. */
    protected KeyStore store;

    /** A new, empty store. */
    protected abstract KeyStore newStore() throws Exception;

    /** Releases what {@link #newStore()} made. */
    protected void closeStore() throws Exception {}

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        closeStore();
    }

    /** A key with {@code id} whose secret is {@code secret} (hashed with plain SHA-256). */
    protected static ApiKey key(String id, String secret) {
        return ApiKey.builder()
                .id(id)
                .name("name of " + id)
                .hash(KeyHasher.sha256().hash(secret))
                .hint("ak_abcd")
                .createdAt(Instant.parse("2026-11-24T10:00:00.123456Z"))
                .build();
    }

    @Test
    void aSavedKeyComesBackWhole() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("team", "finance & ops");
        metadata.put("url", "https://example.com/a?b=c&d=%20");
        metadata.put("unicode", "Zürich ✓ = 100%");
        metadata.put("empty", "");
        ApiKey full = ApiKey.builder()
                .id("key_full")
                .name("Zürich reporting (prod)")
                .hash(KeyHasher.sha256().hash("s"))
                .hint("acme_live_3xYz")
                .scopes(List.of("reports:read", "keys/admin", "a.b-c_d"))
                .allowedNetworks(List.of(
                        IpNetwork.parse("10.0.0.0/8"),
                        IpNetwork.parse("2001:db8::/32"),
                        IpNetwork.parse("203.0.113.7")))
                .metadata(metadata)
                .createdAt(Instant.parse("2026-01-02T03:04:05.678901Z"))
                .notBefore(Instant.parse("2026-02-01T00:00:00Z"))
                .expiresAt(Instant.parse("9999-12-31T00:00:00Z"))
                .revokedAt(Instant.parse("2027-01-01T00:00:00.000001Z"))
                .lastUsedAt(Instant.parse("1970-01-01T00:00:00Z"))
                .useCount(42)
                .rateLimit(dev.apikey.RateLimit.parse("100/1s"))
                .quota(dev.apikey.Quota.parse("10000/month"))
                .lineage("key_first.of-chain")
                .build();
        ApiKey bare = key("key_bare", "t");

        store.save(full);
        store.save(bare);

        assertThat(store.findById("key_full")).contains(full);
        assertThat(store.findByHash(full.hash())).contains(full);
        assertThat(store.findById("key_bare")).contains(bare);
        assertThat(store.findById("key_none")).isEmpty();
        assertThat(store.findByHash(KeyHasher.sha256().hash("nothing"))).isEmpty();
    }

    @Test
    void duplicateIdsAndHashesAreRefused() {
        store.save(key("key_1", "one"));

        assertThatThrownBy(() -> store.save(key("key_1", "two"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.save(key("key_2", "one"))).isInstanceOf(IllegalStateException.class);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void updatesChangeAttributesButNeverIdHashUsageOrARevocation() {
        store.save(key("key_1", "one"));
        store.recordUsage(List.of(new KeyUsage("key_1", 3, Instant.parse("2026-11-24T11:00:00Z"))));

        ApiKey updated = store.update(
                        "key_1",
                        k -> k.toBuilder()
                                .name("renamed")
                                .scopes(List.of("x"))
                                .expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
                                .useCount(0)
                                .build())
                .orElseThrow();

        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.useCount()).isEqualTo(3);
        assertThat(store.findById("key_1")).contains(updated);
        assertThat(store.findByHash(updated.hash())).contains(updated);
        assertThatThrownBy(() ->
                        store.update("key_1", k -> k.toBuilder().id("key_2").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.update(
                        "key_1", k -> k.toBuilder().lineage("key_0").build()))
                .hasMessageContaining("lineage");
        store.update(
                "key_1",
                k -> k.toBuilder()
                        .revokedAt(Instant.parse("2026-11-24T12:00:00Z"))
                        .build());
        assertThatThrownBy(() ->
                        store.update("key_1", k -> k.toBuilder().revokedAt(null).build()))
                .hasMessageContaining("cannot be undone");
        assertThat(store.findById("key_1").orElseThrow().revokedAt()).isPresent();
        assertThat(store.update("key_none", k -> k)).isEmpty();
    }

    @Test
    void aRevocationIsSeenAtOnceByTheSameStoreEvenWhenCached() {
        ApiKey key = key("key_1", "one");
        store.save(key);
        assertThat(store.findByHash(key.hash())).isPresent();

        store.update(
                "key_1",
                k -> k.toBuilder()
                        .revokedAt(Instant.parse("2026-11-24T12:00:00Z"))
                        .build());

        assertThat(store.findByHash(key.hash()).orElseThrow().revokedAt()).isPresent();
    }

    @Test
    void aKeySavedAfterBeingLookedUpIsFound() {
        ApiKey key = key("key_1", "one");
        assertThat(store.findByHash(key.hash())).isEmpty();

        store.save(key);

        assertThat(store.findByHash(key.hash())).contains(key);
    }

    @Test
    void listIsOldestFirst() {
        store.save(key("key_b", "b").toBuilder()
                .createdAt(Instant.parse("2026-01-02T00:00:00Z"))
                .build());
        store.save(key("key_a", "a").toBuilder()
                .createdAt(Instant.parse("2026-01-03T00:00:00Z"))
                .build());
        store.save(key("key_c", "c").toBuilder()
                .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build());

        assertThat(store.list()).extracting(ApiKey::id).containsExactly("key_c", "key_b", "key_a");
    }

    @Test
    void usageAddsUpAndKeepsTheLatestTime() {
        store.save(key("key_1", "one"));

        store.recordUsage(List.of(
                new KeyUsage("key_1", 2, Instant.parse("2026-11-24T11:00:00Z")),
                new KeyUsage("key_unknown", 5, Instant.parse("2026-11-24T11:00:00Z"))));
        store.recordUsage(List.of(new KeyUsage("key_1", 5, Instant.parse("2026-11-24T10:30:00Z"))));
        store.recordUsage(List.of());

        ApiKey used = store.findById("key_1").orElseThrow();
        assertThat(used.useCount()).isEqualTo(7);
        assertThat(used.lastUsedAt()).contains(Instant.parse("2026-11-24T11:00:00Z"));
    }

    @Test
    void concurrentUpdatesOfOneKeyLoseNothing() throws Exception {
        store.save(key("key_1", "one"));
        int threads = 4;
        int perThread = 7;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String entry = "t" + thread + "-" + i;
                    store.update("key_1", k -> {
                        Map<String, String> metadata = new LinkedHashMap<>(k.metadata());
                        metadata.put(entry, "x");
                        return k.toBuilder().metadata(metadata).build();
                    });
                    store.recordUsage(List.of(new KeyUsage("key_1", 1, Instant.parse("2026-11-24T11:00:00Z"))));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        ApiKey result = store.findById("key_1").orElseThrow();
        assertThat(result.metadata()).hasSize(threads * perThread);
        assertThat(result.useCount()).isEqualTo(threads * perThread);
    }

    @Test
    void issueRotateRevokeAndVerifyFromManyThreads() throws Exception {
        try (ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofMillis(50))
                .build()) {
            List<IssuedKey> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 10; i++) {
                issued.add(apiKeys.issue(KeySpec.builder("seed-" + i).build()));
            }
            Map<String, Boolean> revoked = new ConcurrentHashMap<>();
            AtomicLong successes = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 15; i++) {
                    IssuedKey key = apiKeys.issue(KeySpec.builder("w-" + i).build());
                    issued.add(key);
                    if (i % 3 == 0) {
                        apiKeys.revoke(key.id());
                        revoked.put(key.id(), true);
                    } else if (i % 3 == 1) {
                        apiKeys.rotate(key.id(), Duration.ofHours(1)).ifPresent(issued::add);
                    }
                }
                return null;
            }));
            for (int t = 0; t < 3; t++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        IssuedKey key = issued.get(ThreadLocalRandom.current().nextInt(issued.size()));
                        boolean wasRevoked = revoked.containsKey(key.id());
                        Verification result = apiKeys.validator().verify(key.secret());
                        if (wasRevoked) {
                            assertThat(result.isValid())
                                    .as("revoked %s accepted", key.id())
                                    .isFalse();
                        }
                        if (result.isValid()) {
                            successes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            apiKeys.flushUsage();

            long recorded = apiKeys.list().stream().mapToLong(ApiKey::useCount).sum();
            assertThat(recorded).isEqualTo(successes.get());
            for (String id : revoked.keySet()) {
                assertThat(apiKeys.find(id).orElseThrow().revokedAt()).isPresent();
            }
        }
    }

    @Test
    void aFreshKeyVerifiesThroughTheStore() {
        try (ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .listener(VerificationListener.none())
                .build()) {
            IssuedKey key = apiKeys.issue(KeySpec.builder("k")
                    .scopes("a")
                    .allowedNetworks("10.0.0.0/8")
                    .build());

            assertThat(apiKeys.validator()
                            .verify(
                                    key.secret(),
                                    dev.apikey.VerificationContext.builder()
                                            .clientAddress("10.1.1.1")
                                            .requiredScopes(dev.apikey.ScopeMatch.ALL, "a")
                                            .build())
                            .isValid())
                    .isTrue();
            assertThat(apiKeys.validator()
                            .verify(KeyGenerator.secure().generate())
                            .isValid())
                    .isFalse();
        }
    }
}
