package dev.apikey.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Redis server's clock, as this process reads it: the local clock plus an offset measured with {@code TIME}
 * (taken at the middle of the round trip) and measured again once it is older than {@link #REMEASURE}. Every instance
 * using one Redis decides on (nearly) the same time, whatever its own clock says: within half a round trip and the
 * drift of a few seconds.
 */
final class ServerClock {

    /** How long a measured offset is used before it is measured again. */
    static final Duration REMEASURE = Duration.ofSeconds(5);

    private final Clock local;
    private volatile long offsetNanos;
    private volatile long measuredAtNanos;
    private volatile boolean measured;

    ServerClock(Clock local) {
        this.local = local;
    }

    /** The server's time now; measures the offset first when it is stale. */
    Instant now(RedisCommands<String, String> commands) {
        long monotonic = System.nanoTime();
        if (!measured || monotonic - measuredAtNanos > REMEASURE.toNanos()) {
            measure(commands);
        }
        return local.instant().plusNanos(offsetNanos);
    }

    private void measure(RedisCommands<String, String> commands) {
        Instant before = local.instant();
        List<String> time = commands.time();
        Instant after = local.instant();
        Instant server = Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000L);
        Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
        offsetNanos = Duration.between(middle, server).toNanos();
        measuredAtNanos = System.nanoTime();
        measured = true;
    }

    /** The measured offset of the server's clock from the local one (for tests and logs). */
    Duration offset() {
        return Duration.ofNanos(offsetNanos);
    }
}
