package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class FailedAttemptLimiterTest {

    private static Optional<InetAddress> address(int n) throws Exception {
        return Optional.of(InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}));
    }

    @Test
    void blocksAfterTheLimitUntilTheWindowEnds() throws Exception {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(2, Duration.ofSeconds(60), 100);
        Optional<InetAddress> client = address(1);
        long t0 = 1_000_000_000L;

        limiter.failed(client, t0);
        assertThat(limiter.blocked(client, t0)).isEmpty();
        limiter.failed(client, t0 + 1);
        assertThat(limiter.blocked(client, t0 + 2)).contains(Duration.ofNanos(60_000_000_000L - 2));
        assertThat(limiter.blocked(address(2), t0 + 2)).isEmpty();
        assertThat(limiter.blocked(client, t0 + 60_000_000_000L)).isEmpty();
        limiter.failed(client, t0 + 60_000_000_000L);
        assertThat(limiter.blocked(client, t0 + 60_000_000_001L)).as("a new window counts from zero").isEmpty();
        assertThat(limiter.blocked(Optional.empty(), t0)).isEmpty();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfDistinctAddresses() throws Exception {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(20, Duration.ofMinutes(1), 1_000);

        for (int i = 0; i < 200_000; i++) {
            limiter.failed(address(i), i);
        }

        assertThat(limiter.trackedAddresses()).isEqualTo(1_000);
    }
}
