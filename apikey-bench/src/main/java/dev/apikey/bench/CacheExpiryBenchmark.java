package dev.apikey.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the SQL store's cache pays on a hit for expiring entries a TTL after their load began (a Caffeine
 * {@link Expiry} over a stamped value, as {@code KeyCache} does) rather than after they were written
 * ({@code expireAfterWrite}): the same 1 000 entries, the same lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CacheExpiryBenchmark {

    /** A cached value and when its load began. */
    record Stamped(Object value, long loadStartNanos) {}

    private Cache<Integer, Object> afterWrite;
    private Cache<Integer, Stamped> fromLoadStart;
    private final Integer key = 500;

    @Setup
    public void setUp() {
        long ttl = Duration.ofMinutes(5).toNanos();
        afterWrite = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(5))
                .maximumSize(10_000)
                .build();
        fromLoadStart = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfter(new Expiry<Integer, Stamped>() {
                    @Override
                    public long expireAfterCreate(Integer k, Stamped value, long now) {
                        return Math.max(0, ttl - Math.max(0, now - value.loadStartNanos()));
                    }

                    @Override
                    public long expireAfterUpdate(Integer k, Stamped value, long now, long currentDuration) {
                        return expireAfterCreate(k, value, now);
                    }

                    @Override
                    public long expireAfterRead(Integer k, Stamped value, long now, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        for (int i = 0; i < 1_000; i++) {
            afterWrite.put(i, "v" + i);
            fromLoadStart.put(i, new Stamped("v" + i, System.nanoTime()));
        }
    }

    /** A hit in a cache that expires entries a TTL after they were written. */
    @Benchmark
    public Object expireAfterWrite() {
        return afterWrite.getIfPresent(key);
    }

    /** A hit in a cache that expires entries a TTL after their load began. */
    @Benchmark
    public Object expireFromLoadStart() {
        Stamped stamped = fromLoadStart.getIfPresent(key);
        return stamped == null ? null : stamped.value();
    }
}
