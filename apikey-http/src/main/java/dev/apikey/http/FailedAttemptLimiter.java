package dev.apikey.http;

import dev.apikey.HumanDuration;
import dev.apikey.RateLimit;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Limits failed attempts (no key, an invalid one) per client in fixed windows, so a client guessing keys or
 * flooding random ones is refused before any hashing or lookup.
 *
 * <p>A client is an IPv4 address (an IPv4-mapped IPv6 address counts as its IPv4 address), the IPv6 network of
 * the configured prefix length around an IPv6 address (default /64: one subscriber usually holds a whole /64,
 * so counting each address alone would let it try 2<sup>64</sup> times as often), or — for all requests whose
 * address is unknown — one shared client.
 *
 * <p>Memory is bounded however many clients fail, by two tables kept apart:
 * <ul>
 * <li>counting windows of clients not (yet) blocked: at most {@code maxAddresses}, the least recently failing
 *     dropped first — dropping one forgets fewer than {@code attempts} failures;</li>
 * <li>blocks (a client that used up its attempts, until its window ends): at most {@code maxBlocked}. Failures of
 *     other clients never touch this table, so they cannot flush a block. Only a new block can displace one, and
 *     only when the table is full of blocks still running: then the block ending soonest goes. To free a given
 *     client that way an attacker must get {@code maxBlocked} other clients blocked after it — {@code maxBlocked}
 *     × {@code attempts} failed requests from as many distinct clients (IPv4 addresses or IPv6 networks), which
 *     already give them far more guesses than the one client set free.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #blocked} (every keyed request) reads a concurrent map without locking; {@link #failed}
 * (failed requests only) updates both tables under one lock, in constant or logarithmic time.
 */
final class FailedAttemptLimiter {

    /** The IPv6 prefix length clients are grouped by unless configured otherwise. */
    static final int DEFAULT_IPV6_PREFIX = 64;

    private static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "unknown";
        }
    };

    private static final class Window {
        long startNanos;
        int failures;
    }

    /** A running block; {@code sequence} orders blocks ending at the same instant. */
    private record Block(Object client, long untilNanos, long sequence) {}

    private static final Comparator<Block> BY_END = (a, b) -> {
        int byEnd = Long.compare(a.untilNanos() - b.untilNanos(), 0); // nanoTime values: compare differences
        return byEnd != 0 ? byEnd : Long.compare(a.sequence(), b.sequence());
    };

    private final int attempts;
    private final long windowNanos;
    private final int maxAddresses;
    private final int maxBlocked;
    private final int ipv6Prefix;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: counting windows of clients that are not blocked, least recently failing first. */
    private final Map<Object, Window> windows;
    /** Written under {@link #lock}, read without it. */
    private final ConcurrentHashMap<Object, Block> blocks = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}: the same blocks as {@link #blocks}, the one ending soonest first. */
    private final TreeSet<Block> blocksByEnd = new TreeSet<>(BY_END);

    private long sequence;

    FailedAttemptLimiter(int attempts, Duration window, int maxAddresses, int maxBlocked, int ipv6Prefix) {
        if (attempts < 1 || window.isNegative() || window.isZero() || maxAddresses < 1 || maxBlocked < 1) {
            throw new IllegalArgumentException("attempts, window and table sizes must be positive");
        }
        this.attempts = attempts;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.maxBlocked = maxBlocked;
        this.ipv6Prefix = checkIpv6Prefix(ipv6Prefix);
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Window> eldest) {
                return size() > FailedAttemptLimiter.this.maxAddresses;
            }
        };
    }

    /** The limiter {@code limit} asks for, remembering up to {@code maxAddresses} clients of each kind; or none. */
    static @Nullable FailedAttemptLimiter of(@Nullable RateLimit limit, int ipv6Prefix, int maxAddresses) {
        return limit == null
                ? null
                : new FailedAttemptLimiter(
                        (int) Math.min(Integer.MAX_VALUE, limit.capacity()),
                        limit.period(),
                        maxAddresses,
                        maxAddresses,
                        ipv6Prefix);
    }

    /** {@code prefix}, if it is an IPv6 prefix length the limiter can group by. */
    static int checkIpv6Prefix(int prefix) {
        return checkIpv6Prefix("failedAttemptIpv6Prefix", prefix);
    }

    /** The configured IPv6 prefix or the default; refused without a limit, where it would silently do nothing. */
    static int ipv6Prefix(@Nullable Integer configured, @Nullable RateLimit limit) {
        if (configured != null && limit == null) {
            throw new IllegalStateException(
                    "failedAttemptIpv6Prefix has no effect without failedAttemptLimit: set both," + " or neither");
        }
        return configured == null ? DEFAULT_IPV6_PREFIX : configured;
    }

    static int checkIpv6Prefix(String name, int prefix) {
        if (prefix < 1 || prefix > 128) {
            throw new IllegalArgumentException(name + " must be between 1 and 128 (the leading bits of an IPv6 address"
                    + " that make one client, e.g. 64), got " + prefix);
        }
        return prefix;
    }

    /** When {@code client} has used up its failed attempts: how long until it may try again. */
    Optional<Duration> blocked(Optional<InetAddress> client, long nowNanos) {
        Block block = blocks.get(clientOf(client));
        if (block == null || block.untilNanos() - nowNanos <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(block.untilNanos() - nowNanos));
    }

    /** Counts one failed attempt of {@code client}. */
    void failed(Optional<InetAddress> client, long nowNanos) {
        Object key = clientOf(client);
        synchronized (lock) {
            Block running = blocks.get(key);
            if (running != null) {
                if (running.untilNanos() - nowNanos > 0) {
                    return; // raced with the block: already refused from now on
                }
                unblock(running);
            }
            Window window = windows.computeIfAbsent(key, k -> new Window());
            if (window.failures == 0 || nowNanos - window.startNanos >= windowNanos) {
                window.startNanos = nowNanos;
                window.failures = 0;
            }
            if (++window.failures >= attempts) {
                windows.remove(key);
                block(key, window.startNanos + windowNanos, nowNanos);
            }
        }
    }

    /** Guarded by {@link #lock}. */
    private void block(Object key, long untilNanos, long nowNanos) {
        while (!blocksByEnd.isEmpty() && blocksByEnd.first().untilNanos() - nowNanos <= 0) {
            unblock(blocksByEnd.first()); // ended: forget
        }
        if (blocks.size() >= maxBlocked) {
            unblock(blocksByEnd.first()); // full of running blocks: the one ending soonest makes room
        }
        Block block = new Block(key, untilNanos, sequence++);
        blocksByEnd.add(block);
        blocks.put(key, block);
    }

    /** Guarded by {@link #lock}. */
    private void unblock(Block block) {
        blocksByEnd.remove(block);
        blocks.remove(block.client(), block);
    }

    /** How many clients have a counting window (not blocked). */
    int trackedAddresses() {
        synchronized (lock) {
            return windows.size();
        }
    }

    /** How many blocks are remembered (some may have ended and not been forgotten yet). */
    int blockedAddresses() {
        synchronized (lock) {
            return blocks.size();
        }
    }

    /** The client an address counts for: IPv4 alone, IPv6 by its network of {@link #ipv6Prefix} bits. */
    private Object clientOf(Optional<InetAddress> client) {
        if (client.isEmpty()) {
            return UNKNOWN;
        }
        InetAddress address = client.get();
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            try {
                return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always an IPv4 address
            }
        }
        return Ipv6Network.of(bytes, ipv6Prefix);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** An IPv6 network: the address's leading {@code prefix} bits, the rest zero. */
    private record Ipv6Network(long high, long low, int prefix) {
        static Ipv6Network of(byte[] address, int prefix) {
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = high << 8 | (address[i] & 0xff);
                low = low << 8 | (address[i + 8] & 0xff);
            }
            if (prefix <= 64) {
                return new Ipv6Network(high & (-1L << (64 - prefix)), 0, prefix);
            }
            return new Ipv6Network(high, prefix == 128 ? low : low & (-1L << (128 - prefix)), prefix);
        }
    }

    @Override
    public String toString() {
        return attempts + "/" + HumanDuration.format(Duration.ofNanos(windowNanos));
    }
}
