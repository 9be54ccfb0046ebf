package dev.apikey.bench;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyFormat;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.VerificationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steps of a valid key's verification, each on its own, through the public API: where the time of
 * {@code VerifyBenchmark.verifyValid} goes beyond the floor's hash and lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class VerifyStepsBenchmark {

    private ApiKeys apiKeys;
    private KeyFormat format;
    private KeyHasher hasher;
    private KeyStore store;
    private KeyHash hash;
    private String valid;
    private final Clock clock = Clock.systemUTC();

    @Setup(Level.Trial)
    public void setUp() {
        apiKeys = ApiKeys.builder()
                .store(KeyStore.inMemory())
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofSeconds(10))
                .build();
        for (int i = 0; i < 100_000; i++) { // as many as VerifyBenchmark's store
            apiKeys.issue(KeySpec.builder("k" + i).build());
        }
        valid = apiKeys.issue(KeySpec.builder("benchmarked").build()).secret();
        format = apiKeys.format();
        hasher = apiKeys.hasher();
        store = apiKeys.store();
        hash = hasher.hash(valid);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        apiKeys.close();
    }

    /** Length, prefix, alphabet and CRC-32 checksum. */
    @Benchmark
    public boolean formatCheck() {
        return format.isWellFormed(valid);
    }

    /** The verification instant from the system clock. */
    @Benchmark
    public Instant clockInstant() {
        return clock.instant();
    }

    /** SHA-256 of the key, through the per-thread digest. */
    /** The clock read as milliseconds, an instant made from them: what a millisecond-precise pipeline would pay. */
    @Benchmark
    public Instant clockMillis() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Benchmark
    public KeyHash hashing() {
        return hasher.hash(valid);
    }

    /** The in-memory store's lookup by hash and the constant-time confirmation. */
    @Benchmark
    public boolean lookup() {
        Optional<ApiKey> found = store.findByHash(hash);
        return found.isPresent() && found.get().hash().matches(hash);
    }
}
