package dev.apikey.bench;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeyGenerator;
import dev.apikey.KeyHasher;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code KeyValidator.verify} against the in-memory store, beside the floor measured in the same run: one
 * SHA-256 of the key, one {@code ConcurrentHashMap.get}, one {@code MessageDigest.isEqual}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class VerifyBenchmark {

    /** How many keys the store holds. */
    @Param({"100000"})
    public int keyCount;

    private ApiKeys apiKeys;
    private ApiKeys peppered;
    private String valid;
    private String validPeppered;
    private String unknown;
    private String malformed;
    private String revoked;

    private final ConcurrentHashMap<ByteBuffer, byte[]> floorMap = new ConcurrentHashMap<>();
    private final ThreadLocal<MessageDigest> floorDigest = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    @Setup(Level.Trial)
    public void setUp() {
        apiKeys = fill(ApiKeys.builder(), keyCount);
        peppered = fill(ApiKeys.builder().hasher(KeyHasher.hmacSha256("a-pepper-of-sufficient-length")), 1_000);
        valid = apiKeys.issue(KeySpec.builder("benchmarked").build()).secret();
        validPeppered = peppered.issue(KeySpec.builder("benchmarked").build()).secret();
        IssuedKey toRevoke = apiKeys.issue(KeySpec.builder("revoked").build());
        apiKeys.revoke(toRevoke.id());
        revoked = toRevoke.secret();
        unknown = KeyGenerator.secure().generate();
        malformed = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
        for (ApiKeysView key : ApiKeysView.of(apiKeys)) {
            floorMap.put(ByteBuffer.wrap(key.hash().bytes()), key.hash().bytes());
        }
        check(apiKeys.validator().verify(valid).isValid(), "the valid key must verify");
        check(!apiKeys.validator().verify(revoked).isValid(), "the revoked key must not verify");
        check(floor(), "the floor must find the key");
    }

    private static ApiKeys fill(ApiKeys.Builder builder, int count) {
        ApiKeys keys = builder.store(KeyStore.inMemory())
                .listener(VerificationListener.none())
                .usageFlushInterval(Duration.ofSeconds(10))
                .build();
        for (int i = 0; i < count; i++) {
            keys.issue(KeySpec.builder("k" + i).build());
        }
        return keys;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        apiKeys.close();
        peppered.close();
    }

    /** The floor: what any hash-based lookup must do at least. */
    @Benchmark
    public boolean floor() {
        byte[] presented = floorDigest.get().digest(valid.getBytes(StandardCharsets.US_ASCII));
        byte[] stored = floorMap.get(ByteBuffer.wrap(presented));
        return stored != null && MessageDigest.isEqual(stored, presented);
    }

    @Benchmark
    public Verification verifyValid() {
        return apiKeys.validator().verify(valid);
    }

    @Benchmark
    public Verification verifyValidPeppered() {
        return peppered.validator().verify(validPeppered);
    }

    @Benchmark
    public Verification verifyUnknown() {
        return apiKeys.validator().verify(unknown);
    }

    @Benchmark
    public Verification verifyMalformed() {
        return apiKeys.validator().verify(malformed);
    }

    @Benchmark
    public Verification verifyRevoked() {
        return apiKeys.validator().verify(revoked);
    }

    @Benchmark
    @Threads(2)
    public boolean floorTwoThreads() {
        return floor();
    }

    @Benchmark
    @Threads(2)
    public Verification verifyValidTwoThreads() {
        return apiKeys.validator().verify(valid);
    }
}
