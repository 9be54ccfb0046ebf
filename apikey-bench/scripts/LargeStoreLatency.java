import dev.apikey.KeyHash;
import dev.apikey.jdbc.JdbcKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lookup latency of a JdbcKeyStore over a table of N generated keys (apikey-bench/large-store.sh fills it: key i's hash
 * is SHA-256 of "k" + i). Prints p50/p99/p99.9 of cold misses (cache off: every lookup one indexed query, keys drawn
 * at random from all N) and of warm lookups (cache on, 10 000 keys looked up again and again).
 * Usage: java -cp apikey-bench/target/benchmarks.jar apikey-bench/scripts/LargeStoreLatency.java URL N
 */
public final class LargeStoreLatency {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        try (JdbcKeyStore cold = JdbcKeyStore.url(url).cacheTtl(Duration.ZERO).unknownCacheTtl(Duration.ZERO)
                        .notifications(false).build();
                JdbcKeyStore warm = JdbcKeyStore.url(url).cacheTtl(Duration.ofHours(1)).notifications(false).build()) {
            report("cold miss (random key of " + n + ", cache off)", cold, n, 20_000, 5_000);
            report("warm (10 000 keys, cached)", warm, 10_000, 200_000, 50_000);
        }
    }

    private static void report(String what, JdbcKeyStore store, int range, int samples, int warmup) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] nanos = new long[samples];
        for (int i = -warmup; i < samples; i++) {
            int id = ThreadLocalRandom.current().nextInt(range);
            KeyHash hash = KeyHash.of(sha.digest(("k" + id).getBytes(StandardCharsets.US_ASCII)));
            long start = System.nanoTime();
            boolean found = store.findByHash(hash).isPresent();
            long took = System.nanoTime() - start;
            if (!found) {
                throw new IllegalStateException("key " + id + " is missing: fill the table first");
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-45s p50 %8.1f µs  p99 %8.1f µs  p99.9 %8.1f µs  (%d lookups)%n", what,
                nanos[samples / 2] / 1e3, nanos[(int) (samples * 0.99)] / 1e3, nanos[(int) (samples * 0.999)] / 1e3,
                samples);
    }
}
