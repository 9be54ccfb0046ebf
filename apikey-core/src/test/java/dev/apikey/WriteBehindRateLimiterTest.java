package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.tck.RateLimiterTck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link WriteBehindRateLimiter} over a counter store in memory that can be made to fail. */
final class WriteBehindRateLimiterTest {

    /** A {@link LimitCounterStore} in a map; {@code down} makes every call fail as a broken database would. */
    static final class MapCounterStore implements LimitCounterStore {
        final Map<String, LimitArithmetic.Counters> rows = new ConcurrentHashMap<>();
        volatile boolean down;
        volatile int loads;
        volatile int attempts;

        @Override
        public Optional<LimitArithmetic.Counters> load(String limitsId) {
            attempts++;
            if (down) {
                throw new KeyStoreException("counter store down");
            }
            loads++;
            return Optional.ofNullable(rows.get(limitsId));
        }

        @Override
        public void saveAll(Map<String, LimitArithmetic.Counters> counters) {
            if (down) {
                throw new KeyStoreException("counter store down");
            }
            rows.putAll(counters);
        }
    }

    @Nested
    final class Tck extends RateLimiterTck {
        private WriteBehindRateLimiter writeBehind;

        @Override
        protected RateLimiter newLimiter() {
            writeBehind = WriteBehindRateLimiter.builder(new MapCounterStore()).build();
            return writeBehind;
        }

        @Override
        protected void closeLimiter() {
            writeBehind.close();
        }
    }

    private static ApiKey key(String quota) {
        return ApiKey.builder()
                .id("key_writebehind0000001")
                .name("metered")
                .hash(KeyHash.of(new byte[32]))
                .hint("ak_x")
                .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .quota(Quota.parse(quota))
                .build();
    }

    private static int admitted(RateLimiter limiter, ApiKey key, int requests, Instant now) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += limiter.consume(key, 1, now).orElseThrow().allowed() ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void countsSurviveACleanRestartAndTheStoreIsReadOncePerKey() {
        MapCounterStore store = new MapCounterStore();
        ApiKey key = key("10/day");
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        try (WriteBehindRateLimiter first =
                WriteBehindRateLimiter.builder(store).build()) {
            assertThat(admitted(first, key, 6, now)).isEqualTo(6);
            assertThat(store.loads).isEqualTo(1);
        }
        assertThat(store.rows).containsKey(key.limitsId());
        try (WriteBehindRateLimiter second =
                WriteBehindRateLimiter.builder(store).build()) {
            assertThat(admitted(second, key, 10, now))
                    .as("6 of 10 used before the restart")
                    .isEqualTo(4);
        }
    }

    @Test
    void aStoreThatCannotBeReadRefusesTheKeysFirstRequestUntilItRecovers() {
        MapCounterStore store = new MapCounterStore();
        ApiKey key = key("10/day");
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        try (WriteBehindRateLimiter limiter =
                WriteBehindRateLimiter.builder(store).build()) {
            store.down = true;
            assertThatThrownBy(() -> limiter.consume(key, 1, now)).isInstanceOf(KeyStoreException.class);
            int attempts = store.attempts;
            store.down = false;
            assertThatThrownBy(() -> limiter.consume(key, 1, now))
                    .as("within a second of the failure: refused without asking the store again")
                    .isInstanceOf(KeyStoreException.class);
            assertThat(store.attempts).isEqualTo(attempts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int admitted = 0;
            while (admitted == 0 && System.nanoTime() < deadline) {
                try {
                    admitted += limiter.consume(key, 1, now).orElseThrow().allowed() ? 1 : 0;
                } catch (KeyStoreException stillWithinTheSecond) {
                    Thread.onSpinWait();
                }
            }
            assertThat(admitted + admitted(limiter, key, 10, now)).isEqualTo(10);
        }
    }

    @Test
    void aBacklogOfManyKeysIsWrittenInBatchesAndNothingIsCountedAfterClose() {
        MapCounterStore store = new MapCounterStore();
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(store)
                .flushInterval(Duration.ofHours(1))
                .build();
        for (int i = 0; i < 2_500; i++) {
            ApiKey key = key("10/day").toBuilder()
                    .id(String.format("key_backlog%011d", i))
                    .build();
            limiter.consume(key, 1, now);
        }
        assertThat(limiter.flush()).isEqualTo(2_500);
        assertThat(store.rows).hasSize(2_500);
        limiter.close();
        assertThatThrownBy(() -> limiter.consume(key("10/day"), 1, now)).isInstanceOf(KeyStoreException.class);
    }

    @Test
    void countsThatCannotBeWrittenAreKeptAndWrittenWhenTheStoreReturns() {
        MapCounterStore store = new MapCounterStore();
        ApiKey key = key("10/day");
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        try (WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(store)
                .flushInterval(Duration.ofHours(1))
                .build()) {
            admitted(limiter, key, 3, now);
            store.down = true;
            assertThatThrownBy(limiter::flush).isInstanceOf(KeyStoreException.class);
            assertThat(admitted(limiter, key, 2, now))
                    .as("decided in memory while the store is down")
                    .isEqualTo(2);
            store.down = false;
            assertThat(limiter.flush()).isEqualTo(1);
            assertThat(store.rows.get(key.limitsId()).used()).isEqualTo(5);
            assertThat(limiter.flush()).as("nothing changed since").isZero();
        }
    }

    @Test
    void changedCountersAreWrittenInTheBackgroundWithinTheInterval() throws Exception {
        MapCounterStore store = new MapCounterStore();
        ApiKey key = key("10/day");
        try (WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(store)
                .flushInterval(Duration.ofMillis(20))
                .build()) {
            admitted(limiter, key, 4, Instant.parse("2026-06-01T12:00:00Z"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!store.rows.containsKey(key.limitsId()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertThat(store.rows.get(key.limitsId()).used()).isEqualTo(4);
        }
    }

    @Test
    void concurrentRequestsNeverAdmitMoreThanTheLimit() throws Exception {
        MapCounterStore store = new MapCounterStore();
        ApiKey key = key("100/day");
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (WriteBehindRateLimiter limiter = WriteBehindRateLimiter.builder(store)
                .flushInterval(Duration.ofMillis(10))
                .build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return admitted(limiter, key, 30, now);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(100);
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.rows.get(key.limitsId()).used()).isEqualTo(100);
    }

    @Test
    void settingsAreChecked() {
        MapCounterStore store = new MapCounterStore();
        assertThatThrownBy(() -> WriteBehindRateLimiter.builder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteBehindRateLimiter.builder(store).flushInterval(Duration.ofMillis(1)))
                .hasMessageContaining("between 10 ms and 1 h");
        assertThatThrownBy(() -> WriteBehindRateLimiter.builder(store)
                        .flushInterval(Duration.ofSeconds(1))
                        .flushInterval(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
