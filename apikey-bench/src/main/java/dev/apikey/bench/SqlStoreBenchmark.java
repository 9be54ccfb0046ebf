package dev.apikey.bench;

import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import dev.apikey.jdbc.JdbcKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code verify} through the SQL store: with a warm cache (the hot path), and on a cache miss (one indexed
 * query; {@code cacheTtl(0)}). PostgreSQL from {@code APIKEY_BENCH_JDBC_URL}, by default the project machines'
 * server, in a schema of its own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SqlStoreBenchmark {

    /** The database: {@code sqlite} or {@code postgresql}. */
    @Param({"sqlite", "postgresql"})
    public String database;

    /** How many keys the table holds (issued one by one: keep it small for PostgreSQL without a pool). */
    @Param({"1000"})
    public int keyCount;

    private JdbcKeyStore cachedStore;
    private JdbcKeyStore uncachedStore;
    private ApiKeys cached;
    private ApiKeys uncached;
    private ApiKeys inMemory;
    private String valid;
    private String inMemoryValid;
    private Path directory;
    private String schema;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String url;
        if (database.equals("sqlite")) {
            directory = Files.createTempDirectory("apikey-bench");
            url = "jdbc:sqlite:" + directory.resolve("keys.db");
        } else {
            String base = System.getenv()
                    .getOrDefault("APIKEY_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            schema = "apikey_bench_" + System.nanoTime();
            try (Connection connection = DriverManager.getConnection(base);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        cachedStore = JdbcKeyStore.url(url).cacheTtl(Duration.ofMinutes(10)).build();
        cachedStore.createSchema();
        uncachedStore = JdbcKeyStore.url(url)
                .cacheTtl(Duration.ZERO)
                .unknownCacheTtl(Duration.ZERO)
                .build();
        cached = ApiKeys.builder()
                .store(cachedStore)
                .listener(VerificationListener.none())
                .build();
        uncached = ApiKeys.builder()
                .store(uncachedStore)
                .listener(VerificationListener.none())
                .build();
        for (int i = 0; i < keyCount; i++) {
            cached.issue(KeySpec.builder("k" + i).build());
        }
        valid = cached.issue(KeySpec.builder("benchmarked").build()).secret();
        inMemory = ApiKeys.builder().listener(VerificationListener.none()).build();
        for (int i = 0; i < keyCount; i++) {
            inMemory.issue(KeySpec.builder("k" + i).build());
        }
        inMemoryValid = inMemory.issue(KeySpec.builder("benchmarked").build()).secret();
        if (!cached.validator().verify(valid).isValid()
                || !uncached.validator().verify(valid).isValid()) {
            throw new IllegalStateException("the benchmarked key must verify");
        }
        KeyGenerator.secure();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cached.close();
        uncached.close();
        inMemory.close();
        cachedStore.close();
        uncachedStore.close();
        if (schema != null) {
            String base = System.getenv()
                    .getOrDefault("APIKEY_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            try (Connection connection = DriverManager.getConnection(base);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The same verification on the in-memory store, for the ratio in the same run. */
    @Benchmark
    public Verification inMemoryStore() {
        return inMemory.validator().verify(inMemoryValid);
    }

    @Benchmark
    public Verification warmCache() {
        return cached.validator().verify(valid);
    }

    @Benchmark
    public Verification cacheMiss() {
        return uncached.validator().verify(valid);
    }
}
