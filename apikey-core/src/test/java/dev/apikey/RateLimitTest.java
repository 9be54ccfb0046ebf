package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class RateLimitTest {

    private static final Instant T0 = Instant.parse("2026-11-24T23:59:58Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ApiKeys apiKeys = ApiKeys.builder()
            .clock(clock)
            .listener(VerificationListener.none())
            .usageFlushInterval(Duration.ZERO)
            .build();

    private IssuedKey issue(String rate, String quota, String... scopes) {
        KeySpec.Builder spec = KeySpec.builder("limited").scopes(scopes);
        if (rate != null) {
            spec.rateLimit(RateLimit.parse(rate));
        }
        if (quota != null) {
            spec.quota(Quota.parse(quota));
        }
        return apiKeys.issue(spec.build());
    }

    private Verification verify(IssuedKey key) {
        return apiKeys.validator().verify(key.secret());
    }

    private static Reason reasonOf(Verification verification) {
        return ((Verification.Rejected) verification).reason();
    }

    @Test
    void limitsParseAndPrintTheirTextForms() {
        assertThat(RateLimit.parse("100/1s"))
                .isEqualTo(new RateLimit(100, Duration.ofSeconds(1)))
                .hasToString("100/1s");
        assertThat(RateLimit.parse("100/s")).isEqualTo(new RateLimit(100, Duration.ofSeconds(1)));
        assertThat(RateLimit.parse("5000/1h")).hasToString("5000/1h");
        assertThat(Quota.parse("10000/month"))
                .isEqualTo(new Quota(10_000, Quota.Period.MONTH))
                .hasToString("10000/month");
        assertThat(Quota.parse("1000/TOTAL").period()).isEqualTo(Quota.Period.TOTAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "0/1s", "100/0s", "-1/1s", "100/1y", "x/1s", "100/400d"})
    void badRateLimitsAreRefusedNamingTheForm(String text) {
        assertThatThrownBy(() -> RateLimit.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "0/day", "100/week", "100/1d", "ten/month"})
    void badQuotasAreRefusedNamingTheForm(String text) {
        assertThatThrownBy(() -> Quota.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNthRequestPassesAndTheNextIsRateLimitedUntilATokenIsBack() {
        IssuedKey key = issue("3/1s", null);

        for (int i = 0; i < 3; i++) {
            assertThat(verify(key).isValid()).as("request %d", i + 1).isTrue();
        }
        Verification fourth = verify(key);

        assertThat(reasonOf(fourth)).isEqualTo(Reason.RATE_LIMITED);
        LimitStatus status = fourth.limits().orElseThrow();
        assertThat(status.limit()).isEqualTo(3);
        assertThat(status.remaining()).isZero();
        assertThat(status.retryAfter()).contains(Duration.ofNanos(333_333_334));
        clock.advance(Duration.ofNanos(333_333_333));
        assertThat(reasonOf(verify(key))).isEqualTo(Reason.RATE_LIMITED);
        clock.advance(Duration.ofNanos(1_000));
        assertThat(verify(key).isValid()).isTrue();
    }

    @Test
    void theBucketRefillsOverTimeUpToItsCapacity() {
        IssuedKey key = issue("10/10s", null);
        for (int i = 0; i < 10; i++) {
            verify(key);
        }
        clock.advance(Duration.ofSeconds(5));

        LimitStatus afterHalf = verify(key).limits().orElseThrow();
        assertThat(afterHalf.remaining()).isEqualTo(4);
        clock.advance(Duration.ofHours(1));
        assertThat(verify(key).limits().orElseThrow().remaining()).isEqualTo(9);
    }

    @Test
    void aDailyQuotaResetsExactlyAtMidnightUtc() {
        IssuedKey key = issue(null, "2/day");

        assertThat(verify(key).isValid()).isTrue();
        assertThat(verify(key).isValid()).isTrue();
        Verification third = verify(key);
        assertThat(reasonOf(third)).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(third.limits().orElseThrow().retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(third.limits().orElseThrow().reset()).isEqualTo(Duration.ofSeconds(2));
        clock.set(Instant.parse("2026-11-24T23:59:59.999999Z"));
        assertThat(reasonOf(verify(key))).isEqualTo(Reason.QUOTA_EXHAUSTED);
        clock.set(Instant.parse("2026-11-25T00:00:00Z"));
        Verification nextDay = verify(key);
        assertThat(nextDay.isValid()).isTrue();
        assertThat(nextDay.limits().orElseThrow().remaining()).isEqualTo(1);
    }

    @Test
    void aMonthlyQuotaResetsOnTheFirstOfTheMonth() {
        IssuedKey key = issue(null, "1/month");
        assertThat(verify(key).isValid()).isTrue();
        clock.set(Instant.parse("2026-11-30T23:59:59Z"));
        assertThat(reasonOf(verify(key))).isEqualTo(Reason.QUOTA_EXHAUSTED);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(verify(key).isValid()).isTrue();
    }

    @Test
    void aTotalQuotaIsNeverRefilled() {
        IssuedKey key = issue(null, "2/total");
        verify(key);
        verify(key);
        clock.advance(Duration.ofDays(400));

        Verification refused = verify(key);
        assertThat(reasonOf(refused)).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(refused.limits().orElseThrow().retryAfter()).isEmpty();
    }

    @Test
    void expensiveRequestsCostMore() {
        IssuedKey key = issue("10/1h", null);
        VerificationContext expensive = VerificationContext.builder().cost(5).build();

        assertThat(apiKeys.validator()
                        .verify(key.secret(), expensive)
                        .limits()
                        .orElseThrow()
                        .remaining())
                .isEqualTo(5);
        assertThat(apiKeys.validator().verify(key.secret(), expensive).isValid())
                .isTrue();
        assertThat(reasonOf(apiKeys.validator().verify(key.secret(), expensive)))
                .isEqualTo(Reason.RATE_LIMITED);
        assertThat(verify(key).isValid()).as("nothing was taken by the refusal").isFalse();
        assertThatThrownBy(() -> VerificationContext.builder().cost(0).build()).hasMessageContaining("cost");
    }

    @Test
    void aRequestRefusedByAnotherCheckConsumesNothing() {
        IssuedKey key = issue("1/1h", null, "a");

        assertThat(reasonOf(apiKeys.validator()
                        .verify(
                                key.secret(),
                                VerificationContext.builder()
                                        .requiredScopes(ScopeMatch.ALL, "b")
                                        .build())))
                .isEqualTo(Reason.INSUFFICIENT_SCOPE);
        assertThat(verify(key).isValid()).isTrue();
    }

    @Test
    void theTighterOfRateAndQuotaIsReported() {
        IssuedKey key = issue("100/1s", "3/day");

        LimitStatus status = verify(key).limits().orElseThrow();

        assertThat(status.limit()).isEqualTo(3);
        assertThat(status.remaining()).isEqualTo(2);
    }

    @Test
    void keysWithoutLimitsAreUncountedUnlessADefaultApplies() {
        assertThat(verify(issue(null, null)).limits()).isEmpty();
        try (ApiKeys withDefault = ApiKeys.builder()
                .clock(clock)
                .listener(VerificationListener.none())
                .rateLimiter(RateLimiter.inMemory(RateLimit.parse("2/1m")))
                .build()) {
            IssuedKey plain = withDefault.issue(KeySpec.builder("plain").build());
            withDefault.validator().verify(plain.secret());
            withDefault.validator().verify(plain.secret());
            assertThat(reasonOf(withDefault.validator().verify(plain.secret()))).isEqualTo(Reason.RATE_LIMITED);
        }
    }

    @Test
    void aFailingLimiterFailsClosed() {
        try (ApiKeys failing = ApiKeys.builder()
                .listener(VerificationListener.none())
                .rateLimiter((key, cost, now) -> {
                    throw new KeyStoreException("counter table unreachable");
                })
                .build()) {
            IssuedKey key = failing.issue(KeySpec.builder("k").build());
            assertThat(reasonOf(failing.validator().verify(key.secret()))).isEqualTo(Reason.STORE_UNAVAILABLE);
        }
    }

    @Test
    void manyThreadsNeverGetMoreThroughThanTheLimit() throws Exception {
        IssuedKey key = issue("50/1h", "70/day");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    if (verify(key).isValid()) {
                        passed.incrementAndGet();
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

        assertThat(passed).hasValue(50);
    }

    @Test
    void rotationKeepsTheLimits() {
        IssuedKey key = issue("5/1s", "100/month");

        IssuedKey replacement = apiKeys.rotate(key.id(), Duration.ZERO).orElseThrow();

        assertThat(replacement.apiKey().rateLimit()).contains(RateLimit.parse("5/1s"));
        assertThat(replacement.apiKey().quota()).isEqualTo(Optional.of(Quota.parse("100/month")));
    }

    @Test
    void aRotatedKeyConsumesItsPredecessorsCountersSoRotationResetsNothing() {
        IssuedKey key = issue(null, "3/total");
        for (int i = 0; i < 3; i++) {
            assertThat(verify(key)).isInstanceOf(Verification.Valid.class);
        }

        IssuedKey successor = apiKeys.rotate(key.id(), Duration.ofHours(1)).orElseThrow();
        assertThat(successor.apiKey().lineage()).contains(key.id());
        assertThat(reasonOf(verify(successor))).isEqualTo(Reason.QUOTA_EXHAUSTED);

        IssuedKey third = apiKeys.rotate(successor.id(), Duration.ZERO).orElseThrow();
        assertThat(third.apiKey().lineage())
                .as("the chain's first key, not the last")
                .contains(key.id());
        assertThat(reasonOf(verify(third))).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(reasonOf(verify(key))).isEqualTo(Reason.QUOTA_EXHAUSTED);
    }

    @Test
    void duringTheGracePeriodTheOldAndTheNewKeyShareOneBucket() {
        IssuedKey key = issue("4/1m", null);
        IssuedKey successor = apiKeys.rotate(key.id(), Duration.ofHours(1)).orElseThrow();

        int admitted = 0;
        for (int i = 0; i < 6; i++) {
            admitted += verify(key) instanceof Verification.Valid ? 1 : 0;
            admitted += verify(successor) instanceof Verification.Valid ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(4);
    }

    /** The counters the arithmetic tests below store between decisions, as a limiter would. */
    private LimitArithmetic.Counters counters = LimitArithmetic.Counters.NONE;

    private LimitStatus decide(RateLimit rate, Quota quota, Instant at) {
        LimitArithmetic.Decision decision = LimitArithmetic.consume(rate, quota, 1, at, counters);
        counters = decision.counters();
        return decision.status();
    }

    @Test
    void aDecisionMadeWithAnEarlierTimeNeverMovesTheBucketsClockBackwards() {
        RateLimit rate = RateLimit.parse("10/10s"); // one token a second
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            decide(rate, null, start);
        }
        // Five seconds later a request is decided; then one whose time was read at +1 s, before it waited for the lock.
        assertThat(decide(rate, null, start.plusSeconds(5)).refusal()).isEmpty();
        decide(rate, null, start.plusSeconds(1));
        assertThat(counters.lastNanos()).as("the stored time").isEqualTo(nanosOf(start.plusSeconds(5)));

        int admittedAtFive = 0;
        while (decide(rate, null, start.plusSeconds(5)).refusal().isEmpty()) {
            admittedAtFive++;
        }
        assertThat(admittedAtFive)
                .as("5 tokens refilled, 2 taken: the refill from +1 s to +5 s is not granted twice")
                .isEqualTo(3);
    }

    @Test
    void aLateDecisionFromThePreviousQuotaWindowDoesNotReopenIt() {
        Quota quota = Quota.parse("2/day");
        Instant midnight = Instant.parse("2026-11-25T00:00:00Z");

        decide(null, quota, midnight);
        decide(null, quota, midnight.minusMillis(1)); // read before midnight, decided after
        decide(null, quota, midnight.plusMillis(1));

        assertThat(counters.windowStart()).isEqualTo(midnight);
        assertThat(counters.used())
                .as("all three counted in the new day, the third refused")
                .isEqualTo(2);
    }

    @Test
    void aStoredTimeFarAheadStopsRefillsForAtMostTheSkewTolerance() {
        RateLimit rate = RateLimit.parse("10/10s");
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        counters = new LimitArithmetic.Counters(
                0, nanosOf(start.plus(Duration.ofDays(365))), null, 0); // a clock a year ahead

        assertThat(decide(rate, null, start).refusal()).contains(Reason.RATE_LIMITED);
        assertThat(counters.lastNanos())
                .as("believed only up to the tolerance")
                .isEqualTo(nanosOf(start.plus(LimitArithmetic.MAX_SKEW)));
        Instant later = start.plus(LimitArithmetic.MAX_SKEW).plusSeconds(3);
        assertThat(decide(rate, null, later).refusal()).as("3 tokens refilled").isEmpty();
    }

    @Test
    void aQuotaWindowStoredFarAheadIsNotKeptForever() {
        Quota quota = Quota.parse("2/day");
        counters = new LimitArithmetic.Counters(Double.NaN, 0, Instant.parse("2027-06-01T00:00:00Z"), 2);
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        LimitStatus status = decide(null, quota, now);

        assertThat(status.refusal()).isEmpty();
        assertThat(counters.windowStart()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(status.reset()).isEqualTo(Duration.ofHours(12));
    }

    private static long nanosOf(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
