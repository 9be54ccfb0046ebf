package dev.apikey.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKey;
import dev.apikey.KeyHasher;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RateLimiter;
import dev.apikey.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The technology compatibility kit of {@link RateLimiter}: exact admission up to the limit, refills, calendar
 * quotas, costs, shared counters of a rotation chain, concurrency, and a clock that never runs backwards. Published
 * in {@code apikey-core}'s test-jar: a limiter implementation subclasses it and implements {@link #newLimiter()}.
 * Run against the in-memory limiter here, and on SQLite and PostgreSQL in {@code apikey-jdbc}. Every decision is
 * made at an instant the test gives, so no test waits.
 */
public abstract class RateLimiterTck {

    private static final Instant T0 = Instant.parse("2026-11-24T23:59:58Z");

    /** The limiter under test, new and empty for each test, without a default limit. */
    protected RateLimiter limiter;

    /** A new limiter with no counts and no default limit. */
    protected abstract RateLimiter newLimiter() throws Exception;

    /** Releases what {@link #newLimiter()} made. */
    protected void closeLimiter() throws Exception {}

    @BeforeEach
    void open() throws Exception {
        limiter = newLimiter();
    }

    @AfterEach
    void close() throws Exception {
        closeLimiter();
    }

    /** A key with these limits (either may be null); {@code lineage} names the first key of its rotation chain. */
    private static ApiKey key(String id, String rate, String quota, String lineage) {
        ApiKey.Builder key = ApiKey.builder()
                .id(id)
                .name(id)
                .hash(KeyHasher.sha256().hash("secret of " + id))
                .hint("ak_tck")
                .createdAt(T0.minus(Duration.ofDays(1)));
        if (rate != null) {
            key.rateLimit(RateLimit.parse(rate));
        }
        if (quota != null) {
            key.quota(Quota.parse(quota));
        }
        if (lineage != null) {
            key.lineage(lineage);
        }
        return key.build();
    }

    private LimitStatus consume(ApiKey key, long cost, Instant at) {
        return limiter.consume(key, cost, at)
                .orElseThrow(() -> new AssertionError("a key with limits got no standing"));
    }

    private static void refusedFor(LimitStatus status, Reason reason) {
        assertThat(status.allowed()).as("allowed").isFalse();
        assertThat(status.refusal()).contains(reason);
    }

    @Test
    void theLimitAdmitsExactlyItsCapacityThenRefusesUntilATokenIsBack() {
        ApiKey key = key("key_rate", "3/1s", null, null);
        for (int i = 0; i < 3; i++) {
            LimitStatus status = consume(key, 1, T0);
            assertThat(status.allowed()).as("request %d", i + 1).isTrue();
            assertThat(status.limit()).isEqualTo(3);
            assertThat(status.remaining()).isEqualTo(2 - i);
        }
        LimitStatus fourth = consume(key, 1, T0);
        refusedFor(fourth, Reason.RATE_LIMITED);
        assertThat(fourth.remaining()).isZero();
        Duration wait = fourth.retryAfter().orElseThrow();
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));

        assertThat(consume(key, 1, T0.plus(wait).plusMillis(1)).allowed())
                .as("after Retry-After")
                .isTrue();
    }

    @Test
    void theBucketRefillsOverTimeUpToItsCapacity() {
        ApiKey key = key("key_refill", "10/10s", null, null);
        for (int i = 0; i < 10; i++) {
            consume(key, 1, T0);
        }
        assertThat(consume(key, 1, T0.plusSeconds(5)).remaining()).isEqualTo(4);
        assertThat(consume(key, 1, T0.plus(Duration.ofHours(1))).remaining()).isEqualTo(9);
    }

    @Test
    void aDailyQuotaResetsAtMidnightUtcAndATotalOneNever() {
        ApiKey daily = key("key_daily", null, "2/day", null);
        assertThat(consume(daily, 1, T0).allowed()).isTrue();
        assertThat(consume(daily, 1, T0).allowed()).isTrue();
        LimitStatus third = consume(daily, 1, T0);
        refusedFor(third, Reason.QUOTA_EXHAUSTED);
        assertThat(third.retryAfter()).contains(Duration.ofSeconds(2));
        refusedFor(consume(daily, 1, Instant.parse("2026-11-24T23:59:59.999Z")), Reason.QUOTA_EXHAUSTED);
        LimitStatus nextDay = consume(daily, 1, Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(nextDay.allowed()).isTrue();
        assertThat(nextDay.remaining()).isEqualTo(1);

        ApiKey total = key("key_total", null, "2/total", null);
        consume(total, 1, T0);
        consume(total, 1, T0);
        LimitStatus never = consume(total, 1, T0.plus(Duration.ofDays(400)));
        refusedFor(never, Reason.QUOTA_EXHAUSTED);
        assertThat(never.retryAfter()).isEmpty();
    }

    @Test
    void aRequestCostsWhatItSaysAndARefusedOneTakesNothing() {
        ApiKey key = key("key_cost", "10/1h", null, null);
        assertThat(consume(key, 6, T0).remaining()).isEqualTo(4);
        LimitStatus tooExpensive = consume(key, 5, T0);
        refusedFor(tooExpensive, Reason.RATE_LIMITED);
        assertThat(tooExpensive.remaining())
                .as("what is left, though not enough")
                .isEqualTo(4);
        LimitStatus last = consume(key, 4, T0);
        assertThat(last.allowed()).as("the refusal took nothing").isTrue();
        assertThat(last.remaining()).isZero();
    }

    @Test
    void aKeyWithoutLimitsIsNotCounted() {
        assertThat(limiter.consume(key("key_free", null, null, null), 1, T0)).isEqualTo(Optional.empty());
    }

    @Test
    void aRotatedKeySharesItsPredecessorsCounters() {
        ApiKey first = key("key_first", "2/1h", null, null);
        ApiKey successor = key("key_second", "2/1h", null, "key_first");
        consume(first, 1, T0);
        consume(successor, 1, T0);

        refusedFor(consume(first, 1, T0), Reason.RATE_LIMITED);
        refusedFor(consume(successor, 1, T0), Reason.RATE_LIMITED);
    }

    @Test
    void anEarlierInstantNeverMovesTheClockBackwards() {
        ApiKey key = key("key_clock", "1/1s", null, null);
        assertThat(consume(key, 1, T0.plusSeconds(10)).allowed()).isTrue();
        refusedFor(consume(key, 1, T0), Reason.RATE_LIMITED);
        refusedFor(consume(key, 1, T0.plusSeconds(10)), Reason.RATE_LIMITED);
        assertThat(consume(key, 1, T0.plusSeconds(11)).allowed()).isTrue();
    }

    @Test
    void manyThreadsTogetherNeverGetMoreThanTheLimit() throws Exception {
        ApiKey key = key("key_threads", "50/1h", "70/day", null);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                    if (consume(key, 1, T0).allowed()) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted).hasValue(50);
    }
}
