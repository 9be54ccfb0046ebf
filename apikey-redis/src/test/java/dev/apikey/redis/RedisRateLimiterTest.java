package dev.apikey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKey;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStoreException;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RateLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RedisRateLimiter} against the real Redis server: instances, clocks, outages, and the shared arithmetic. */
final class RedisRateLimiterTest {

    private final String prefix = TestRedis.uniquePrefix();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        TestRedis.deleteKeys(prefix);
    }

    private RedisRateLimiter limiter(RedisRateLimiter.Builder builder) {
        RedisRateLimiter limiter = builder.keyPrefix(prefix).build();
        opened.add(limiter);
        return limiter;
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

    @Test
    void twoInstancesOnOneRedisNeverAdmitMoreThanTheLimitTogether() throws Exception {
        RedisRateLimiter first = limiter(RedisRateLimiter.builder().uri(TestRedis.URI));
        RedisRateLimiter second = limiter(RedisRateLimiter.builder().uri(TestRedis.URI));
        ApiKey key = key("shared", RateLimit.parse("50/24h"), null); // refills one token per half hour
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RateLimiter limiter = t % 2 == 0 ? first : second;
            admitted.add(threads.submit(() -> {
                start.await();
                int count = 0;
                for (int i = 0; i < 20; i++) {
                    if (limiter.consume(key, 1, Instant.now()).orElseThrow().allowed()) {
                        count++;
                    }
                }
                return count;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> each : admitted) {
            total += each.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(total).as("320 attempts at a limit of 50 per day").isEqualTo(50);
    }

    @Test
    void decisionsAreMadeOnTheRedisServersClockWhateverTheLocalOneSays() {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ServerClock hourAhead = new ServerClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
            ServerClock hourBehind = new ServerClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
            Instant ahead = hourAhead.now(connection.sync());
            Instant behind = hourBehind.now(connection.sync());
            // two hours apart by their local clocks; seconds apart at most (however slow the machine) by the server's
            assertThat(Duration.between(behind, ahead).abs()).isLessThan(Duration.ofSeconds(30));
            assertThat(Duration.between(Instant.now(), ahead).abs()).isLessThan(Duration.ofSeconds(30));
            assertThat(hourAhead.offset()).isBetween(Duration.ofMinutes(-61), Duration.ofMinutes(-59));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anOutageRefusesAtOnceAndTheLimiterRecoversByItself() throws Exception {
        TcpProxy proxy =
                new TcpProxy("127.0.0.1", java.net.URI.create(TestRedis.URI).getPort());
        opened.add(proxy);
        RedisRateLimiter limiter = limiter(RedisRateLimiter.builder()
                .uri("redis://127.0.0.1:" + proxy.port())
                .commandTimeout(Duration.ofMillis(300)));
        ApiKey key = key("outage", RateLimit.parse("1000/1s"), null);
        assertThat(limiter.consume(key, 1, Instant.now()))
                .map(LimitStatus::allowed)
                .contains(true);

        proxy.cut();
        long before = System.nanoTime();
        assertThatThrownBy(() -> limiter.consume(key, 1, Instant.now()))
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("Redis did not decide");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));

        proxy.restore();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Optional<LimitStatus> recovered = Optional.empty();
        while (recovered.isEmpty() && System.nanoTime() < deadline) {
            try {
                recovered = limiter.consume(key, 1, Instant.now());
            } catch (KeyStoreException stillDown) {
                // polling, not waiting for something to happen: leave the CPU to Lettuce's reconnecting meanwhile
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        assertThat(recovered)
                .as("decisions again once Redis is back")
                .map(LimitStatus::allowed)
                .contains(true);
    }

    @Test
    void theStandingIsTheSharedArithmeticsForAnySequenceOfDecisions() {
        RedisRateLimiter redis =
                limiter(RedisRateLimiter.builder().uri(TestRedis.URI).timeSource(RedisRateLimiter.TimeSource.CALLER));
        RateLimiter memory = RateLimiter.inMemory();
        Random random = new Random(20261203);
        RateLimit[] rates = {null, RateLimit.parse("7/1s"), RateLimit.parse("3/1m"), RateLimit.parse("100/1h")};
        Quota[] quotas = {null, Quota.parse("5/day"), Quota.parse("20/month"), Quota.parse("9/total")};
        for (int k = 0; k < 12; k++) {
            RateLimit rate = rates[random.nextInt(rates.length)];
            Quota quota = quotas[random.nextInt(quotas.length)];
            if (rate == null && quota == null) {
                rate = rates[1];
            }
            ApiKey key = key("seq" + k, rate, quota);
            Instant now = Instant.parse("2026-11-30T23:59:00Z").plusMillis(random.nextInt(100_000));
            for (int i = 0; i < 40; i++) {
                long step = switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1_000);
                    case 2 -> random.nextInt(60_000);
                    case 3 -> -random.nextInt(5_000);
                    default -> random.nextInt(7_200_000);
                };
                now = now.plusMillis(step).plusNanos(random.nextInt(1_000) * 1_000L);
                long cost = 1 + random.nextInt(3);
                assertThat(redis.consume(key, cost, now))
                        .as("key %s (%s, %s), decision %d at %s", k, rate, quota, i, now)
                        .isEqualTo(memory.consume(key, cost, now));
            }
        }
    }

    @Test
    void aRedisUriWithAPasswordNeverAppearsInAnError() {
        assertThatThrownBy(() -> RedisRateLimiter.builder()
                        .uri("redis://:hunter2secret@127.0.0.1:1")
                        .commandTimeout(Duration.ofMillis(300))
                        .build())
                .isInstanceOf(KeyStoreException.class)
                .hasMessageNotContaining("hunter2secret")
                .hasMessageContaining("cannot connect to Redis");
        assertThatThrownBy(() -> RedisRateLimiter.builder()
                        .uri("http://:hunter2secret@x")
                        .build())
                .hasMessageNotContaining("hunter2secret");
        assertThatThrownBy(() -> RedisRateLimiter.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uri(");
    }

    // ---- what an independent review found ----

    private static long pttl(String key) {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().pttl(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aLateDecisionNeverShortensTheLifeOfTheNextWindowsCounters() {
        RedisRateLimiter redis =
                limiter(RedisRateLimiter.builder().uri(TestRedis.URI).timeSource(RedisRateLimiter.TimeSource.CALLER));
        ApiKey key = key("late", null, Quota.parse("3/day"));
        Instant midnight =
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1));
        for (int i = 1; i <= 3; i++) {
            assertThat(redis.consume(key, 1, midnight.plusSeconds(i))
                            .orElseThrow()
                            .allowed())
                    .isTrue();
        }
        long dayLong = pttl(prefix + key.limitsId());
        assertThat(dayLong).isGreaterThan(Duration.ofHours(23).toMillis());

        assertThat(redis.consume(key, 1, midnight.minusNanos(1_000))
                        .orElseThrow()
                        .allowed())
                .as("counted in the stored, newer window: used up")
                .isFalse();

        assertThat(pttl(prefix + key.limitsId())).isGreaterThanOrEqualTo(dayLong - 60_000);
    }

    @Test
    void countersOfAQuotaOutliveADecisionMadeWithoutIt() {
        RedisRateLimiter redis =
                limiter(RedisRateLimiter.builder().uri(TestRedis.URI).timeSource(RedisRateLimiter.TimeSource.CALLER));
        Instant now = Instant.now();
        ApiKey total = key("total", RateLimit.parse("100/1s"), Quota.parse("2/total"));
        redis.consume(total, 2, now);
        assertThat(pttl(prefix + total.limitsId()))
                .as("a total quota's counters never expire")
                .isEqualTo(-1);
        redis.consume(key("total", RateLimit.parse("100/1s"), null), 1, now.plusSeconds(1));
        assertThat(pttl(prefix + total.limitsId())).as("still never").isEqualTo(-1);
        assertThat(redis.consume(total, 1, now.plusSeconds(2)).orElseThrow().allowed())
                .as("the quota, given back, is still used up")
                .isFalse();

        ApiKey daily = key("daily", RateLimit.parse("100/1s"), Quota.parse("5/day"));
        redis.consume(daily, 1, now);
        long untilTheDaysEnd = pttl(prefix + daily.limitsId());
        redis.consume(key("daily", RateLimit.parse("100/1s"), null), 1, now.plusSeconds(1));
        assertThat(pttl(prefix + daily.limitsId())).isGreaterThanOrEqualTo(untilTheDaysEnd - 60_000);
    }

    @Test
    void theStandingStaysTheSharedArithmeticsWhenAKeysLimitsChange() {
        RedisRateLimiter redis =
                limiter(RedisRateLimiter.builder().uri(TestRedis.URI).timeSource(RedisRateLimiter.TimeSource.CALLER));
        RateLimiter memory = RateLimiter.inMemory();
        Random random = new Random(42);
        RateLimit[] rates = {null, RateLimit.parse("2/1s"), RateLimit.parse("5/1m")};
        Quota[] quotas = {null, Quota.parse("4/day"), Quota.parse("6/total")};
        Instant now = Instant.parse("2026-12-31T23:59:50Z");
        for (int i = 0; i < 200; i++) {
            RateLimit rate = rates[random.nextInt(rates.length)];
            Quota quota = quotas[random.nextInt(quotas.length)];
            ApiKey key = key("changing", rate, quota);
            now = now.plusMillis(random.nextInt(3_000) - 500);
            assertThat(redis.consume(key, 1, now))
                    .as("decision %d with %s, %s at %s", i, rate, quota, now)
                    .isEqualTo(memory.consume(key, 1, now));
        }
    }

    @Test
    void aPasswordLettuceWouldReadAsAHostIsRefusedWithoutRepeatingIt() {
        for (String uri : List.of(
                "redis://:S3cret#x@127.0.0.1:6379",
                "redis://:S3cret?x@127.0.0.1:6379",
                "redis://us#er:S3cret@127.0.0.1")) {
            assertThatThrownBy(() -> RedisRateLimiter.builder().uri(uri).build())
                    .as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("percent-encoded")
                    .hasMessageNotContaining("S3cret")
                    .hasMessageNotContaining("us#er");
        }
    }
}
