package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class FailedAttemptLimiterTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private static Optional<InetAddress> address(int n) throws Exception {
        return Optional.of(InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}));
    }

    private static Optional<InetAddress> ip(String text) throws Exception {
        return Optional.of(InetAddress.getByName(text));
    }

    private static FailedAttemptLimiter limiter(int attempts, int maxAddresses, int maxBlocked, int ipv6Prefix) {
        return new FailedAttemptLimiter(attempts, Duration.ofMinutes(1), maxAddresses, maxBlocked, ipv6Prefix);
    }

    private static void fail(FailedAttemptLimiter limiter, Optional<InetAddress> client, int times, long now) {
        for (int i = 0; i < times; i++) {
            limiter.failed(client, now);
        }
    }

    @Test
    void blocksAfterTheLimitUntilTheWindowEnds() throws Exception {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(2, Duration.ofSeconds(60), 100, 100, 64);
        Optional<InetAddress> client = address(1);
        long t0 = 1_000_000_000L;

        limiter.failed(client, t0);
        assertThat(limiter.blocked(client, t0)).isEmpty();
        limiter.failed(client, t0 + 1);
        assertThat(limiter.blocked(client, t0 + 2)).contains(Duration.ofNanos(60_000_000_000L - 2));
        assertThat(limiter.blocked(address(2), t0 + 2)).isEmpty();
        assertThat(limiter.blocked(client, t0 + 60_000_000_000L)).isEmpty();
        limiter.failed(client, t0 + 60_000_000_000L);
        assertThat(limiter.blocked(client, t0 + 60_000_000_001L))
                .as("a new window counts from zero")
                .isEmpty();
        assertThat(limiter.blocked(Optional.empty(), t0)).isEmpty();
    }

    @Test
    void unknownAddressesShareOneCounter() {
        FailedAttemptLimiter limiter = limiter(2, 100, 100, 64);
        fail(limiter, Optional.empty(), 2, 0);

        assertThat(limiter.blocked(Optional.empty(), 1)).isPresent();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfDistinctAddresses() throws Exception {
        FailedAttemptLimiter limiter = limiter(2, 1_000, 500, 64);

        for (int i = 0; i < 200_000; i++) {
            fail(limiter, address(i), 1 + i % 2, i);
        }

        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(1_000);
        assertThat(limiter.blockedAddresses()).isEqualTo(500);
    }

    /**
     * Issue 12, item 8: 10 050 failures from other addresses evicted a blocked address from the LRU of 10 000.
     * Counting windows and blocks are now kept apart: however many addresses fail, a block ends only with its
     * window (or, when the table of blocks is full, when it is the block ending soonest — next test).
     */
    @Test
    void failuresFromOtherAddressesNeverUnblockABlockedOne() throws Exception {
        int attempts = 20;
        FailedAttemptLimiter limiter = limiter(
                attempts, ApiKeyAuthenticator.MAX_TRACKED_ADDRESSES, ApiKeyAuthenticator.MAX_TRACKED_ADDRESSES, 64);
        Optional<InetAddress> attacker = ip("203.0.113.7");
        fail(limiter, attacker, attempts, 0);
        assertThat(limiter.blocked(attacker, 1)).isPresent();

        for (int i = 0; i < 10_050; i++) {
            fail(limiter, address(i), attempts - 1, 2 + i);
        }
        assertThat(limiter.blocked(attacker, 20_000))
                .as("after 10 050 addresses with failures")
                .isPresent();

        for (int i = 0; i < ApiKeyAuthenticator.MAX_TRACKED_ADDRESSES - 1; i++) {
            fail(limiter, address(100_000 + i), attempts, 30_000 + i);
        }
        for (int i = 0; i < 10_050; i++) {
            fail(limiter, address(200_000 + i), 1, 50_000 + i);
        }
        assertThat(limiter.blocked(attacker, 70_000))
                .as("beside 9 999 other blocks and 10 050 more failing addresses")
                .isPresent();
        assertThat(limiter.blocked(attacker, MINUTE - 1)).isPresent();
        assertThat(limiter.blocked(attacker, MINUTE)).isEmpty();
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(ApiKeyAuthenticator.MAX_TRACKED_ADDRESSES);
        assertThat(limiter.blockedAddresses()).isLessThanOrEqualTo(ApiKeyAuthenticator.MAX_TRACKED_ADDRESSES);
    }

    @Test
    void aFullTableOfBlocksDropsExpiredBlocksFirstThenTheOneEndingSoonest() throws Exception {
        FailedAttemptLimiter limiter = limiter(2, 100, 3, 64);
        Optional<InetAddress> a = address(1);
        Optional<InetAddress> b = address(2);
        Optional<InetAddress> c = address(3);
        limiter.failed(b, 0); // b's window starts first ...
        fail(limiter, a, 2, 10); // ... but a is blocked first
        limiter.failed(b, 20); // b: blocked until MINUTE, a until MINUTE + 10
        fail(limiter, c, 2, 30);
        assertThat(limiter.blockedAddresses()).isEqualTo(3);

        fail(limiter, address(4), 2, 40);

        assertThat(limiter.blockedAddresses()).isEqualTo(3);
        assertThat(limiter.blocked(b, 41)).as("ends soonest: makes room").isEmpty();
        assertThat(limiter.blocked(a, 41)).isPresent();
        assertThat(limiter.blocked(c, 41)).isPresent();
        assertThat(limiter.blocked(address(4), 41)).isPresent();

        fail(limiter, address(5), 2, MINUTE + 20); // a has expired by now: it goes, nobody still blocked does
        assertThat(limiter.blocked(c, MINUTE + 21)).isPresent();
        assertThat(limiter.blocked(address(4), MINUTE + 21)).isPresent();
        assertThat(limiter.blocked(address(5), MINUTE + 21)).isPresent();
        assertThat(limiter.blockedAddresses()).isEqualTo(3);
    }

    @Test
    void addressesOfOneIpv6PrefixShareOneCounterByDefaultPer64() throws Exception {
        FailedAttemptLimiter limiter = limiter(3, 100, 100, 64);
        limiter.failed(ip("2001:db8:1:2::1"), 0);
        limiter.failed(ip("2001:db8:1:2:aaaa::7"), 1);
        limiter.failed(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), 2);

        assertThat(limiter.blocked(ip("2001:db8:1:2::1"), 3)).isPresent();
        assertThat(limiter.blocked(ip("2001:db8:1:2:1234::5678"), 3))
                .as("any address of the /64")
                .isPresent();
        assertThat(limiter.blocked(ip("2001:db8:1:3::1"), 3)).as("the next /64").isEmpty();
        assertThat(limiter.blocked(ip("2001:db8:1:1:ffff:ffff:ffff:ffff"), 3))
                .as("the previous /64")
                .isEmpty();
        assertThat(limiter.trackedAddresses()).isZero();
        assertThat(limiter.blockedAddresses()).isOne();
    }

    @Test
    void theIpv6PrefixIsConfigurable() throws Exception {
        FailedAttemptLimiter per56 = limiter(2, 100, 100, 56);
        per56.failed(ip("2001:db8:1:200::1"), 0);
        per56.failed(ip("2001:db8:1:2ff:1::1"), 1);
        assertThat(per56.blocked(ip("2001:db8:1:2aa::9"), 2)).isPresent();
        assertThat(per56.blocked(ip("2001:db8:1:300::1"), 2)).isEmpty();

        FailedAttemptLimiter perAddress = limiter(2, 100, 100, 128);
        perAddress.failed(ip("2001:db8::1"), 0);
        perAddress.failed(ip("2001:db8::2"), 1);
        assertThat(perAddress.blocked(ip("2001:db8::1"), 2)).isEmpty();
        perAddress.failed(ip("2001:db8::1"), 3);
        assertThat(perAddress.blocked(ip("2001:db8::1"), 4)).isPresent();
        assertThat(perAddress.blocked(ip("2001:db8::2"), 4)).isEmpty();

        FailedAttemptLimiter per1 = limiter(2, 100, 100, 1);
        per1.failed(ip("2001:db8::1"), 0);
        per1.failed(ip("3fff::1"), 1);
        assertThat(per1.blocked(ip("::1"), 2)).isPresent();
        assertThat(per1.blocked(ip("8000::1"), 2)).isEmpty();
    }

    @Test
    void ipv4StaysPerAddressAndIpv4MappedIpv6CountsAsIpv4() throws Exception {
        FailedAttemptLimiter limiter = limiter(2, 100, 100, 1);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        byte[] v4 = {(byte) 192, 0, 2, 1};
        System.arraycopy(v4, 0, mapped, 12, 4);
        Optional<InetAddress> asIpv6 = Optional.of(Inet6Address.getByAddress(null, mapped, -1));
        assertThat(asIpv6.get()).isInstanceOf(Inet6Address.class);

        limiter.failed(ip("192.0.2.1"), 0);
        limiter.failed(asIpv6, 1);

        assertThat(limiter.blocked(ip("192.0.2.1"), 2)).isPresent();
        assertThat(limiter.blocked(asIpv6, 2)).isPresent();
        assertThat(limiter.blocked(ip("192.0.2.2"), 2))
                .as("IPv4 is never grouped")
                .isEmpty();
        assertThat(limiter.blocked(ip("::ffff:192.0.2.2"), 2)).isEmpty();
        assertThat(limiter.blocked(ip("::1"), 2))
                .as("a /1 prefix groups IPv6 only")
                .isEmpty();
    }

    @Test
    void theIpv6PrefixIsValidated() {
        for (int bad : new int[] {0, -1, 129, 1000}) {
            assertThatThrownBy(() -> FailedAttemptLimiter.checkIpv6Prefix(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 1 and 128")
                    .hasMessageContaining(Integer.toString(bad));
        }
        assertThat(FailedAttemptLimiter.checkIpv6Prefix(1)).isOne();
        assertThat(FailedAttemptLimiter.checkIpv6Prefix(128)).isEqualTo(128);
    }

    @Test
    void concurrentFailuresAndChecksStayConsistentAndBounded() throws Exception {
        FailedAttemptLimiter limiter = limiter(5, 200, 100, 64);
        Optional<InetAddress> victim = ip("198.51.100.1");
        fail(limiter, victim, 5, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        limiter.failed(address(thread * 1_000_000 + i % 5_000), 1 + i);
                        if (limiter.blocked(victim, 1 + i).isEmpty()) {
                            throw new AssertionError(
                                    "the victim was unblocked after " + i + " failures on thread " + thread);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(200);
        assertThat(limiter.blockedAddresses()).isLessThanOrEqualTo(100);
    }
}
