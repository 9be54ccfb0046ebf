package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ConcurrencyTest {

    @Test
    void issueRevokeRotateAndVerifyFromManyThreadsLoseNothing() throws Exception {
        ApiKeys apiKeys = ApiKeys.builder()
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofMillis(5))
                .build();
        List<IssuedKey> issued = new CopyOnWriteArrayList<>();
        Map<String, Boolean> revoked = new ConcurrentHashMap<>();
        Map<String, AtomicLong> successes = new ConcurrentHashMap<>();
        for (int i = 0; i < 50; i++) {
            issued.add(apiKeys.issue(KeySpec.builder("seed-" + i).build()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int writer = t;
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 300; i++) {
                    IssuedKey key = apiKeys.issue(
                            KeySpec.builder("w" + writer + "-" + i).build());
                    issued.add(key);
                    if (i % 3 == 0) {
                        apiKeys.revoke(key.id());
                        revoked.put(key.id(), true);
                    }
                }
                return null;
            }));
        }
        for (int t = 0; t < 6; t++) {
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    IssuedKey key = issued.get(ThreadLocalRandom.current().nextInt(issued.size()));
                    boolean wasRevoked = revoked.containsKey(key.id());
                    Verification result = apiKeys.validator().verify(key.secret());
                    if (wasRevoked) {
                        assertThat(result.isValid())
                                .as("revoked key %s accepted", key.id())
                                .isFalse();
                    }
                    if (result.isValid()) {
                        successes
                                .computeIfAbsent(key.id(), id -> new AtomicLong())
                                .incrementAndGet();
                    } else {
                        assertThat(((Verification.Rejected) result).reason()).isEqualTo(Verification.Reason.REVOKED);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        apiKeys.close();

        assertThat(issued).hasSize(650);
        for (IssuedKey key : issued) {
            ApiKey stored = apiKeys.find(key.id()).orElseThrow();
            assertThat(stored.revokedAt().isPresent()).as(key.id()).isEqualTo(revoked.containsKey(key.id()));
            long expectedUses =
                    successes.getOrDefault(key.id(), new AtomicLong()).get();
            assertThat(stored.useCount()).as("uses of %s", key.id()).isEqualTo(expectedUses);
        }
    }

    @Test
    void concurrentRevokeAndRotateOfOneKeyNeverLoseEitherChange() throws Exception {
        for (int round = 0; round < 200; round++) {
            try (ApiKeys apiKeys =
                    ApiKeys.builder().listener(VerificationListener.none()).build()) {
                IssuedKey key = apiKeys.issue(KeySpec.builder("k").build());
                CountDownLatch start = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                Future<?> revoke = pool.submit(() -> {
                    start.await();
                    return apiKeys.revoke(key.id());
                });
                Future<Object> rotate = pool.submit(() -> {
                    start.await();
                    try {
                        return apiKeys.rotate(key.id(), Duration.ofHours(1));
                    } catch (IllegalStateException alreadyRevoked) {
                        return alreadyRevoked;
                    }
                });
                start.countDown();
                revoke.get(10, TimeUnit.SECONDS);
                Object rotation = rotate.get(10, TimeUnit.SECONDS);
                pool.shutdown();

                ApiKey old = apiKeys.find(key.id()).orElseThrow();
                assertThat(old.revokedAt())
                        .as("the revocation survives the rotation")
                        .isPresent();
                if (rotation instanceof java.util.Optional<?> replacement) {
                    assertThat(replacement).isPresent();
                    assertThat(old.expiresAt())
                            .as("the rotation's expiry survives the revocation")
                            .isPresent();
                } else {
                    assertThat(apiKeys.list())
                            .filteredOn(k -> k.revokedAt().isEmpty())
                            .isEmpty();
                }
            }
        }
    }
}
