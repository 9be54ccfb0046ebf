package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.RateLimit;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metered traffic on SQLite: every request of a key with a rate limit is a write transaction on the file. Four
 * threads verify a metered key as fast as they can through one store (the server) while a second store on the same
 * file (the CLI) is opened and issues a key 30 times. Before counter commits stopped waiting for the disk, each held
 * the single write lock for one fsync (4-8 ms here), the lock was almost never free, and both the CLI's writes and
 * the requests' counter updates waited out the busy timeout and failed (2 to 4 of 30 CLI calls, 3 to 8 requests,
 * in every run).
 */
final class SqliteMeteredWritesTest {

    private static final int THREADS = 4;
    private static final int CLI_CALLS = 30;
    private static final int MAX_REQUESTS_PER_THREAD = 100_000;

    @TempDir
    Path directory;

    @Test
    void anotherStoreWritesWhileFourThreadsSendMeteredRequestsAndNoRequestFails() throws Exception {
        Path file = directory.resolve("keys.db");
        List<String> cliFailures = new ArrayList<>();
        ConcurrentHashMap<Verification.Reason, AtomicLong> refusals = new ConcurrentHashMap<>();
        AtomicLong admitted = new AtomicLong();
        try (JdbcKeyStore server = JdbcKeyStore.sqlite(file).build()) {
            server.createSchema();
            try (ApiKeys serverKeys = ApiKeys.builder()
                    .store(server)
                    .rateLimiter(server.rateLimiter())
                    .listener(VerificationListener.none())
                    .build()) {
                IssuedKey metered = serverKeys.issue(KeySpec.builder("metered")
                        .rateLimit(RateLimit.parse("200/1s"))
                        .build());
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch running = new CountDownLatch(THREADS);
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Thread client = new Thread(
                            () -> {
                                for (int i = 0; i < MAX_REQUESTS_PER_THREAD && !stop.get(); i++) {
                                    Verification verification =
                                            serverKeys.validator().verify(metered.secret());
                                    if (verification.isValid()) {
                                        admitted.incrementAndGet();
                                    } else {
                                        refusals.computeIfAbsent(
                                                        ((Verification.Rejected) verification).reason(),
                                                        reason -> new AtomicLong())
                                                .incrementAndGet();
                                    }
                                    if (i == 0) {
                                        running.countDown();
                                    }
                                }
                            },
                            "metered-" + t);
                    client.start();
                    clients.add(client);
                }
                try {
                    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < CLI_CALLS; i++) {
                        try (JdbcKeyStore cli = JdbcKeyStore.sqlite(file).build()) {
                            cli.createSchema();
                            try (ApiKeys cliKeys = ApiKeys.builder()
                                    .store(cli)
                                    .listener(VerificationListener.none())
                                    .usageFlushInterval(Duration.ZERO)
                                    .build()) {
                                cliKeys.issue(KeySpec.builder("cli-" + i).build());
                            }
                        } catch (RuntimeException e) {
                            cliFailures.add(e.getMessage());
                        }
                    }
                } finally {
                    stop.set(true);
                    for (Thread client : clients) {
                        client.join(60_000);
                    }
                }
                assertThat(clients).noneMatch(Thread::isAlive);
            }
        }
        assertThat(cliFailures).as("CLI calls that failed").isEmpty();
        assertThat(refusals.keySet())
                .as("refusals other than the limit (admitted: %s)", admitted)
                .isSubsetOf(Verification.Reason.RATE_LIMITED);
        assertThat(admitted.get()).isPositive();
    }
}
