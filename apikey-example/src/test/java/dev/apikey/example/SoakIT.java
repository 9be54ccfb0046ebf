package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.VerificationListener;
import dev.apikey.jdbc.JdbcKeyStore;
import dev.apikey.testing.PlaintextKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded concurrency soak against the packaged example app (a separate JVM on a SQLite file): client threads
 * use long-lived valid keys at full speed while probers present keys that are being issued, rotated, revoked and
 * expired by a churn thread through the admin API, and issued and revoked by an "outsider" thread that works on
 * the SQLite file through a store of its own, as the CLI or another process would; plus unknown and malformed
 * keys. Every request is timed on one clock and judged afterwards against the key's life:
 * <ul>
 *   <li>no response is a 5xx;</li>
 *   <li>a key is never accepted by a request sent after the documented propagation window of its revocation or
 *       rotation: zero after the admin API answered (it shares the server's store instance), the cache TTL (5 s)
 *       after another store on the same file committed it; nor after it expired;</li>
 *   <li>a key is never refused by a request that started after it was issued and ended before it was revoked,
 *       rotated or expired; the long-lived keys are never refused at all;</li>
 *   <li>after the load the app's live heap (after a full GC) and thread count are back near the warm-up baseline.</li>
 * </ul>
 * Probers send from many loopback addresses (127.0.0.2 to 127.0.0.201), so their invalid keys stay below the
 * example's per-address failed-attempt limit and are judged by the key rules above, not by that limiter.
 * Duration: {@code -Dapikey.soak.duration=PT90S} (the default; use e.g. PT30M for a long run).
 */
final class SoakIT {

    private static final Duration DURATION = Duration.parse(System.getProperty("apikey.soak.duration", "PT90S"));
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STABLE_CLIENTS = 4;
    private static final int PROBERS = 2;
    private static final int PROBER_ADDRESSES = 200;
    private static final long PROBES_PER_SECOND_PER_PROBER = 60;
    /**
     * How long the server may honour a key that another process revoked: its store's cache TTL (the default), plus
     * 100 ms because the server's cache runs on {@code System.nanoTime} and this test judges on the wall clock.
     */
    private static final Duration OTHER_PROCESS_WINDOW = Duration.ofSeconds(5).plusMillis(100);

    @TempDir
    Path directory;

    /** One key the churn thread manages; instants on the test's clock, except {@code expires} (the server's). */
    static final class Life {
        final String secret;
        final String id;
        final Instant issuedAt;
        final Instant expires;
        volatile Instant endRequestedAt = Instant.MAX;
        volatile Instant endedAt = Instant.MAX;
        /** How long after {@link #endedAt} the server may still accept the key. */
        volatile Duration window = Duration.ZERO;
        /** Taken by the one thread that ends this key (the churn or the outsider). */
        final AtomicBoolean claimed = new AtomicBoolean();

        Life(String secret, String id, Instant issuedAt, Instant expires) {
            this.secret = secret;
            this.id = id;
            this.issuedAt = issuedAt;
            this.expires = expires;
        }

        boolean certainlyValid(Instant start, Instant end) {
            return !start.isBefore(issuedAt) && end.isBefore(endRequestedAt) && end.isBefore(expires);
        }

        boolean certainlyInvalid(Instant start) {
            Instant ended = endedAt;
            return ended != Instant.MAX && !start.isBefore(ended.plus(window)) || !start.isBefore(expires);
        }
    }

    record Probe(Life life, String kind, Instant start, Instant end, int status) {}

    @Test
    void keysChurnUnderLoadWithoutAFivexxALeakOrAWrongAnswer() throws Exception {
        try (AppProcess server = AppProcess.start(
                directory,
                Map.of("APIKEY_DB_URL", "jdbc:sqlite:" + directory.resolve("keys.db")),
                "serve",
                "--port",
                "0")) {
            int port = Integer.parseInt(server.awaitStderr(LISTENING, AppProcess.STARTUP));
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Admin admin = new Admin(http, base, server.awaitStdoutLine(AppProcess.STARTUP));

            List<String> stableKeys = new ArrayList<>();
            for (int i = 0; i < STABLE_CLIENTS; i++) {
                stableKeys.add(admin.create("{\"name\":\"stable-" + i + "\"}").secret);
            }
            List<Life> lives = new CopyOnWriteArrayList<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
            AtomicLong stableRequests = new AtomicLong();
            AtomicLong changes = new AtomicLong();
            AtomicLong outsiderRevocations = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();

            for (int i = 0; i < STABLE_CLIENTS; i++) {
                String key = stableKeys.get(i);
                threads.add(started("stable-" + i, failures, () -> {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/secure-data"))
                            .header("X-API-Key", key)
                            .build();
                    while (running.get()) {
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            stableRequests.incrementAndGet();
                            if (status != 200) {
                                failures.add("a long-lived valid key was answered " + status);
                            }
                        } catch (IOException | InterruptedException e) {
                            failures.add("stable client: " + e);
                        }
                    }
                }));
            }
            threads.add(started("churn", failures, () -> churn(admin, lives, running, failures, changes)));
            // Another store on the same file, as the CLI or a second server would open it.
            try (JdbcKeyStore outsiderStore =
                            JdbcKeyStore.sqlite(directory.resolve("keys.db")).build();
                    ApiKeys outsider = ApiKeys.builder()
                            .store(outsiderStore)
                            .listener(VerificationListener.none())
                            .build()) {
                threads.add(started(
                        "outsider", failures, () -> outsider(outsider, lives, running, failures, outsiderRevocations)));
                for (int i = 0; i < PROBERS; i++) {
                    int prober = i;
                    threads.add(started(
                            "prober-" + i, failures, () -> probe(port, prober, lives, running, probes, failures)));
                }

                Thread.sleep(WARM_UP.toMillis());
                AppFootprint baseline = AppFootprint.of(server.process.pid());
                long changesAtBaseline = changes.get();
                Thread.sleep(Math.max(0, DURATION.minus(WARM_UP).toMillis()));
                running.set(false);
                for (Thread thread : threads) {
                    thread.join(30_000);
                    assertThat(thread.isAlive())
                            .as("%s stopped", thread.getName())
                            .isFalse();
                }
                long changesUnderLoad = changes.get() - changesAtBaseline;
                Thread.sleep(2_000);
                AppFootprint after = AppFootprint.of(server.process.pid());

                long accepted = 0;
                long judgedValid = 0;
                long judgedInvalid = 0;
                long judgedInvalidAfterOutsider = 0;
                long acceptedWithinOutsiderWindow = 0;
                for (Probe probe : probes) {
                    if (probe.status >= 500) {
                        failures.add(probe.kind + " key answered " + probe.status);
                    }
                    if (probe.life == null) {
                        if (probe.status == 200) {
                            failures.add("an " + probe.kind + " key was accepted");
                        }
                        continue;
                    }
                    accepted += probe.status == 200 ? 1 : 0;
                    boolean outsiderEnded = !probe.life.window.isZero() && probe.life.endedAt != Instant.MAX;
                    if (outsiderEnded && probe.status == 200 && !probe.start.isBefore(probe.life.endedAt)) {
                        acceptedWithinOutsiderWindow++;
                    }
                    if (probe.life.certainlyInvalid(probe.start)) {
                        judgedInvalid++;
                        judgedInvalidAfterOutsider += outsiderEnded ? 1 : 0;
                        if (probe.status == 200) {
                            Instant ended = probe.life.endedAt;
                            failures.add("key " + probe.life.id + " accepted "
                                    + (ended == Instant.MAX
                                            ? "after it expired"
                                            : Duration.between(ended, probe.start)
                                                            .toMillis() + " ms after it was revoked or rotated (window "
                                                    + probe.life.window.toMillis() + " ms)"));
                        }
                    } else if (probe.life.certainlyValid(probe.start, probe.end)) {
                        judgedValid++;
                        if (probe.status != 200) {
                            failures.add("key " + probe.life.id + " refused (" + probe.status + ") while valid");
                        }
                    }
                }
                String summary = String.format(
                        "soak %s: %d long-lived-key requests, %d probes (%d judged valid, %d judged"
                                + " invalid, %d accepted), %d churned keys, %d revocations and rotations after the warm-up, %d revocations"
                                + " by another store on the file (%d probes judged after its window, none accepted; %d accepted within it);"
                                + " live heap %d KiB -> %d KiB, threads %d -> %d",
                        DURATION,
                        stableRequests.get(),
                        probes.size(),
                        judgedValid,
                        judgedInvalid,
                        accepted,
                        lives.size(),
                        changesUnderLoad,
                        outsiderRevocations.get(),
                        judgedInvalidAfterOutsider,
                        acceptedWithinOutsiderWindow,
                        baseline.liveHeapBytes() / 1024,
                        after.liveHeapBytes() / 1024,
                        baseline.threads(),
                        after.threads());
                System.out.println(summary);

                assertThat(failures).as(summary).isEmpty();
                assertThat(stableRequests.get()).as("long-lived-key requests").isGreaterThan(1_000);
                assertThat(judgedValid).as("probes judged valid").isGreaterThan(100);
                assertThat(judgedInvalid).as("probes judged invalid").isGreaterThan(100);
                assertThat(changesUnderLoad)
                        .as("revocations and rotations under load")
                        .isGreaterThan(DURATION.toSeconds() / 2);
                assertThat(outsiderRevocations.get())
                        .as("revocations by another store")
                        .isGreaterThan(DURATION.toSeconds() / 4);
                assertThat(judgedInvalidAfterOutsider)
                        .as("probes of keys another store revoked, after the window")
                        .isGreaterThan(10);
                assertThat(after.liveHeapBytes())
                        .as("live heap after the load (baseline %d)", baseline.liveHeapBytes())
                        .isLessThan(baseline.liveHeapBytes() + 8L * 1024 * 1024);
                assertThat(after.threads()).as("threads after the load").isLessThanOrEqualTo(baseline.threads() + 8);
                assertThat(server.process.isAlive()).isTrue();
                assertThat(PlaintextKeys.in(server.stderr()))
                        .as("keys in the app's log")
                        .isEmpty();
            }
        }
    }

    /** Starts a load thread; anything it throws is a failure of the soak, not a silently dead thread. */
    private static Thread started(String name, ConcurrentLinkedQueue<String> failures, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setUncaughtExceptionHandler((dead, problem) -> failures.add(dead.getName() + " died: " + problem));
        thread.start();
        return thread;
    }

    /** Issues (some keys expiring in seconds), rotates and revokes keys through the admin API, about 20 times a second. */
    private static void churn(
            Admin admin,
            List<Life> lives,
            AtomicBoolean running,
            ConcurrentLinkedQueue<String> failures,
            AtomicLong changes) {
        Random random = new Random(42);
        long step = 0;
        while (running.get()) {
            try {
                switch ((int) (step++ % 5)) {
                    case 0, 1 -> lives.add(admin.create("{\"name\":\"churn-" + step + "\"}"));
                    case 2 ->
                        lives.add(admin.create("{\"name\":\"expiring-" + step + "\",\"expiresIn\":\""
                                + (2 + random.nextInt(4)) + "s\"}"));
                    case 3 -> {
                        Life victim = claimVictim(lives, random);
                        if (victim != null) {
                            victim.endRequestedAt = Instant.now();
                            admin.send("DELETE", "/admin/keys/" + victim.id, null, 200);
                            victim.endedAt = Instant.now();
                            changes.incrementAndGet();
                        }
                    }
                    default -> {
                        Life old = claimVictim(lives, random);
                        if (old != null) {
                            old.endRequestedAt = Instant.now();
                            JsonNode replacement =
                                    admin.send("POST", "/admin/keys/" + old.id + "/rotate", "{\"grace\":\"0s\"}", 201);
                            old.endedAt = Instant.now();
                            lives.add(admin.life(replacement, old.endedAt));
                            changes.incrementAndGet();
                        }
                    }
                }
                Thread.sleep(50);
            } catch (Exception | AssertionError e) {
                failures.add("churn: " + e);
                return;
            }
        }
    }

    /**
     * Claims a key for the calling thread to end: one still in force for at least a second (an expired key cannot
     * be rotated: 409) that no other thread is ending. {@code null} while there are too few, or when another
     * thread claimed the same key first.
     */
    private static Life claimVictim(List<Life> lives, Random random) {
        Instant soon = Instant.now().plusSeconds(1);
        List<Life> live = lives.stream()
                .filter(life -> !life.claimed.get() && life.expires.isAfter(soon))
                .toList();
        Life victim = live.size() > 5 ? live.get(random.nextInt(live.size())) : null;
        return victim != null && victim.claimed.compareAndSet(false, true) ? victim : null;
    }

    /**
     * Works on the key file as another process would (the CLI, a second server): through a store of its own, whose
     * changes reach the server only when its cache entry expires. Issues a key and revokes a live one about twice a
     * second.
     */
    private static void outsider(
            ApiKeys outsider,
            List<Life> lives,
            AtomicBoolean running,
            ConcurrentLinkedQueue<String> failures,
            AtomicLong revocations) {
        Random random = new Random(7);
        long step = 0;
        while (running.get()) {
            try {
                IssuedKey issued =
                        outsider.issue(KeySpec.builder("outsider-" + step++).build());
                lives.add(new Life(issued.secret(), issued.id(), Instant.now(), Instant.MAX));
                Life victim = claimVictim(lives, random);
                if (victim != null) {
                    victim.window = OTHER_PROCESS_WINDOW;
                    victim.endRequestedAt = Instant.now();
                    if (outsider.revoke(victim.id).isEmpty()) {
                        throw new AssertionError("another store could not find key " + victim.id + " to revoke");
                    }
                    victim.endedAt = Instant.now();
                    revocations.incrementAndGet();
                }
                Thread.sleep(500);
            } catch (Exception | AssertionError e) {
                failures.add("outsider: " + e);
                return;
            }
        }
    }

    /** Presents churned, unknown and malformed keys over fresh connections from many loopback addresses. */
    private static void probe(
            int port,
            int prober,
            List<Life> lives,
            AtomicBoolean running,
            ConcurrentLinkedQueue<Probe> probes,
            ConcurrentLinkedQueue<String> failures) {
        Random random = new Random(prober);
        KeyGenerator generator = KeyGenerator.secure();
        long sent = 0;
        long started = System.nanoTime();
        while (running.get()) {
            try {
                int dice = random.nextInt(10);
                Life life = null;
                String kind;
                String key;
                if (dice < 7 && !lives.isEmpty()) {
                    life = lives.get(random.nextInt(lives.size()));
                    kind = "churned";
                    key = life.secret;
                } else if (dice < 9) {
                    kind = "unknown";
                    key = generator.generate();
                } else {
                    kind = "malformed";
                    key = "ak_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
                }
                InetAddress source = InetAddress.getByAddress(new byte[] {
                    127, 0, 0, (byte) (2 + (sent + prober * 7) % PROBER_ADDRESSES)
                });
                Instant start = Instant.now();
                int status = get(source, port, key);
                probes.add(new Probe(life, kind, start, Instant.now(), status));
                sent++;
                long due = started + sent * 1_000_000_000L / PROBES_PER_SECOND_PER_PROBER;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } catch (Exception e) {
                failures.add("prober: " + e);
                return;
            }
        }
    }

    /** {@code GET /secure-data} over a new connection from {@code source}; the status code. */
    private static int get(InetAddress source, int port, String key) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /secure-data HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
                throw new IOException("not an HTTP response: " + response.length() + " bytes");
            }
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    /** The admin API, authenticated with the first-start admin key. */
    private record Admin(HttpClient http, URI base, String adminKey) {
        Life create(String body) throws Exception {
            JsonNode created = send("POST", "/admin/keys", body, 201);
            return life(created, Instant.now());
        }

        Life life(JsonNode issued, Instant at) {
            JsonNode expires = issued.path("expires");
            return new Life(
                    issued.path("key").asText(),
                    issued.path("id").asText(),
                    at,
                    expires.isTextual() ? Instant.parse(expires.asText()) : Instant.MAX);
        }

        JsonNode send(String method, String path, String body, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("X-API-Key", adminKey)
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }
}
