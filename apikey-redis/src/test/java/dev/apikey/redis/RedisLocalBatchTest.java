package dev.apikey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKey;
import dev.apikey.KeyHasher;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisRateLimiter.Builder#localBatch}: units leased per Redis call, used in memory, given back — never more
 * admitted than Redis granted, and what one instance leased but did not use goes back to Redis.
 */
final class RedisLocalBatchTest {

    private final String prefix = TestRedis.uniquePrefix();
    private final List<RedisClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(RedisClient::shutdown);
        TestRedis.deleteKeys(prefix);
    }

    /** A client counting the scripts its limiter runs: one per Redis decision. */
    private RedisClient countingClient(AtomicInteger scripts) {
        RedisClient client = RedisClient.create(TestRedis.URI);
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                String type = event.getCommand().getType().toString();
                if (type.startsWith("EVAL")) {
                    scripts.incrementAndGet();
                }
            }
        });
        clients.add(client);
        return client;
    }

    private RedisRateLimiter limiter(RedisClient client, int batch) {
        return RedisRateLimiter.builder()
                .client(client)
                .keyPrefix(prefix)
                .localBatch(batch)
                .build();
    }

    private static ApiKey key(String id, RateLimit rate, Quota quota) {
        ApiKey.Builder key = ApiKey.builder()
                .id(id)
                .name(id)
                .hash(KeyHasher.sha256().hash("ak_" + id + "_not-a-real-key-000000000000000000000000000000"))
                .hint("ak_" + id)
                .createdAt(Instant.parse("2026-01-01T00:00:00Z"));
        if (rate != null) {
            key.rateLimit(rate);
        }
        if (quota != null) {
            key.quota(quota);
        }
        return key.build();
    }

    private String field(String limitsId, String field) {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().hget(prefix + limitsId, field);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aBusyKeyIsDecidedMostlyInMemoryWithAStandingThatFallsWithEachRequest() {
        AtomicInteger scripts = new AtomicInteger();
        ApiKey key = key("busy", RateLimit.parse("100000/1s"), null);
        try (RedisRateLimiter limiter = limiter(countingClient(scripts), 100)) {
            long previous = -1;
            int localDecisions = 0;
            for (int i = 0; i < 1_000; i++) {
                int scriptsBefore = scripts.get();
                LimitStatus status = limiter.consume(key, 1, Instant.now()).orElseThrow();
                assertThat(status.allowed()).isTrue();
                if (scripts.get() == scriptsBefore) {
                    assertThat(status.remaining())
                            .as("decided in memory: Redis's standing less each unit used since")
                            .isEqualTo(previous - 1);
                    localDecisions++;
                }
                previous = status.remaining();
            }
            assertThat(localDecisions)
                    .as("1000 requests, 100 units per lease: one Redis call per lease (or per 250 ms)")
                    .isGreaterThanOrEqualTo(500);
            assertThat(scripts.get()).isEqualTo(1_000 - localDecisions);
        }
    }

    @Test
    void twoInstancesNeverAdmitMoreThanRedisGrantedAndGiveUnusedUnitsBack() throws Exception {
        AtomicInteger scripts = new AtomicInteger();
        RedisRateLimiter first = limiter(countingClient(scripts), 5);
        RedisRateLimiter second = limiter(countingClient(scripts), 5);
        ApiKey key = key("shared", RateLimit.parse("50/24h"), null); // a tenth of 50: five units per lease
        ExecutorService threads = Executors.newFixedThreadPool(16);
        int total = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                RedisRateLimiter limiter = t % 2 == 0 ? first : second;
                admitted.add(threads.submit(() -> {
                    start.await();
                    int count = 0;
                    for (int i = 0; i < 20; i++) {
                        count += limiter.consume(key, 1, Instant.now())
                                        .orElseThrow()
                                        .allowed()
                                ? 1
                                : 0;
                    }
                    return count;
                }));
            }
            start.countDown();
            for (Future<Integer> each : admitted) {
                total += each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            first.close();
            second.close();
        }
        assertThat(total)
                .as("320 attempts at 50 a day, at most 5 units waiting in each instance")
                .isBetween(40, 50);
        double tokensLeft = Double.parseDouble(field(key.limitsId(), "t"));
        assertThat(total + tokensLeft)
                .as("every unit either admitted a request or went back to Redis (a day refills 0.01 in a second)")
                .isBetween(49.99, 50.5);
    }

    @Test
    void quotaUnitsLeasedButUnusedGoBackOnClose() {
        AtomicInteger scripts = new AtomicInteger();
        ApiKey key = key("quota", null, Quota.parse("1000/day"));
        try (RedisRateLimiter limiter = limiter(countingClient(scripts), 50)) {
            assertThat(limiter.consume(key, 1, Instant.now()).orElseThrow().remaining())
                    .isEqualTo(999);
            assertThat(field(key.limitsId(), "u"))
                    .as("a hundredth of 1000 leased: 10 units")
                    .isEqualTo("10");
            assertThat(limiter.consume(key, 1, Instant.now()).orElseThrow().remaining())
                    .as("from the lease, or from Redis if the lease ended meanwhile: the same standing")
                    .isEqualTo(998);
        }
        assertThat(field(key.limitsId(), "u"))
                .as("the units leased but unused went back")
                .isEqualTo("2");
    }

    @Test
    void aLeaseTakenForOtherLimitsIsGivenBackNotUsed() {
        AtomicInteger scripts = new AtomicInteger();
        ApiKey before = key("changed", RateLimit.parse("1000/1s"), null);
        ApiKey after = key("changed", RateLimit.parse("500/1s"), null);
        try (RedisRateLimiter limiter = limiter(countingClient(scripts), 50)) {
            limiter.consume(before, 1, Instant.now());
            int scriptsBefore = scripts.get();
            LimitStatus status = limiter.consume(after, 1, Instant.now()).orElseThrow();
            assertThat(scripts.get())
                    .as("the new limits are decided by Redis, though the lease has units left")
                    .isEqualTo(scriptsBefore + 1);
            assertThat(status.limit()).isEqualTo(500);
        }
    }

    @Test
    void quotaUnitsLeasedInOneWindowAreNeverSpentInTheNext() {
        AtomicInteger scripts = new AtomicInteger();
        ApiKey key = key("midnight", null, Quota.parse("10000/day"));
        Instant lastMillisecond = Instant.parse("2026-06-01T23:59:59.999Z");
        try (RedisRateLimiter limiter = RedisRateLimiter.builder()
                .client(countingClient(scripts))
                .keyPrefix(prefix)
                .timeSource(RedisRateLimiter.TimeSource.CALLER)
                .localBatch(100)
                .build()) {
            assertThat(limiter.consume(key, 1, lastMillisecond).orElseThrow().remaining())
                    .isEqualTo(9_999);
            int before = scripts.get();
            LimitStatus nextDay =
                    limiter.consume(key, 1, lastMillisecond.plusMillis(2)).orElseThrow();
            assertThat(scripts.get()).as("the lease ended with its day").isEqualTo(before + 1);
            assertThat(nextDay.remaining()).isEqualTo(9_999);
        }
    }

    @Test
    void unitsLeasedForAQuotaAloneNeverFillABucketTheKeyGainedLater() {
        AtomicInteger scripts = new AtomicInteger();
        ApiKey quotaOnly = key("gained", null, Quota.parse("1000/day"));
        ApiKey withRate = key("gained", RateLimit.parse("5/24h"), Quota.parse("1000/day"));
        try (RedisRateLimiter limiter = limiter(countingClient(scripts), 50);
                RedisRateLimiter other = limiter(countingClient(new AtomicInteger()), 1)) {
            limiter.consume(quotaOnly, 1, Instant.now()); // leases 10 quota units, 9 left
            for (int i = 0; i < 3; i++) {
                other.consume(withRate, 1, Instant.now()); // another instance takes 3 of the new bucket's 5
            }
            limiter.consume(withRate, 1, Instant.now()); // new limits: gives the 9 back, to the quota only
            assertThat(Double.parseDouble(field(quotaOnly.limitsId(), "t")))
                    .as("5 − 3 − 1: none of the 9 quota units went into the bucket")
                    .isEqualTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void theBatchIsChecked() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().localBatch(0))
                .hasMessageContaining("between 1 (no lease) and 10000");
        assertThatThrownBy(() -> RedisRateLimiter.builder().localBatch(2).localBatch(3))
                .isInstanceOf(IllegalStateException.class);
    }
}
