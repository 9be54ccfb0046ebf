package dev.apikey.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis server's clock, as this process reads it: the server's {@code TIME} (taken at the middle of the round
 * trip) advanced by the monotonic clock since, measured again once it is older than {@link #REMEASURE} — a step of the
 * local wall clock (NTP) changes nothing. Every instance using one Redis decides on (nearly) the same time, whatever
 * its own clock says: within half a round trip and the drift of a few seconds.
 */
final class ServerClock {

    /** How long a measurement is used before it is taken again. */
    static final Duration REMEASURE = Duration.ofSeconds(5);

    private final Clock local;
    private volatile @Nullable Measurement last;

    /** The server's time at a moment of the monotonic clock, and its offset from the local wall clock then. */
    private record Measurement(Instant server, long monotonicNanos, Duration offset) {}

    ServerClock(Clock local) {
        this.local = local;
    }

    /** The server's time now; measures again first when the last measurement is stale. */
    Instant now(RedisCommands<String, String> commands) {
        Measurement current = last;
        if (current == null || System.nanoTime() - current.monotonicNanos() > REMEASURE.toNanos()) {
            current = measure(commands);
            last = current;
        }
        return current.server().plusNanos(System.nanoTime() - current.monotonicNanos());
    }

    private Measurement measure(RedisCommands<String, String> commands) {
        Instant localBefore = local.instant();
        long start = System.nanoTime();
        List<String> time = commands.time();
        long end = System.nanoTime();
        Instant server = Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000L);
        long middle = start + (end - start) / 2;
        return new Measurement(server, middle, Duration.between(localBefore.plusNanos(middle - start), server));
    }

    /** The last measured offset of the server's clock from the local one (for tests and logs). */
    Duration offset() {
        Measurement current = last;
        return current == null ? Duration.ZERO : current.offset();
    }
}
