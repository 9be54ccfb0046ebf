package dev.apikey.redis;

import dev.apikey.ApiKey;
import dev.apikey.KeyStoreException;
import dev.apikey.LimitArithmetic;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RateLimiter;
import dev.apikey.internal.SetOnce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimiter} whose counters live in Redis, shared by every instance: each decision is one atomic script on
 * the server — the token-bucket and quota arithmetic of {@link LimitArithmetic}, on the key's counters — so instances
 * together never let more through than the limit, and the standing it reports is computed by that same arithmetic.
 * Decisions are made on the Redis server's clock (measured with {@code TIME}), so instances whose clocks disagree
 * still agree. Counters are kept per {@linkplain ApiKey#limitsId() limits id} (a rotated key's successor shares them)
 * and expire once they no longer matter.
 *
 * <p>When Redis does not answer within the command timeout, or is down, a decision throws {@link KeyStoreException}:
 * the request is refused (503), never let through. Lettuce reconnects by itself; decisions work again as soon as Redis
 * is back. Thread-safe; one connection, multiplexed. {@link #close()} it with the application.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    /** The default prefix of the counters' Redis keys: {@code apikey:limits:<limits id>}. */
    public static final String DEFAULT_KEY_PREFIX = "apikey:limits:";

    /** The default command timeout. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

    /** Which clock decisions are made on. */
    public enum TimeSource {
        /** The Redis server's, measured with {@code TIME}: instances agree whatever their own clocks say (default). */
        REDIS_SERVER,
        /** The instant each caller passes to {@link #consume} (tests, or instances whose clocks are known to agree). */
        CALLER
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    private final @Nullable RedisClient ownedClient;
    private final StatefulRedisConnection<String, String> connection;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final @Nullable RateLimit defaultLimit;
    private final TimeSource timeSource;
    private final ServerClock serverClock = new ServerClock(Clock.systemUTC());
    private final ConsumeScript script = new ConsumeScript();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final int localBatch;
    private final LocalLeases leases = new LocalLeases(LEASE_LIFETIME.toNanos());

    /** How long units leased with {@link Builder#localBatch} may be used before Redis is asked again. */
    public static final Duration LEASE_LIFETIME = Duration.ofMillis(250);

    private RedisRateLimiter(Builder builder, @Nullable RedisClient ownedClient, RedisClient client) {
        this.ownedClient = ownedClient;
        this.keyPrefix = builder.keyPrefix != null ? builder.keyPrefix : DEFAULT_KEY_PREFIX;
        this.commandTimeout = builder.commandTimeout != null ? builder.commandTimeout : DEFAULT_COMMAND_TIMEOUT;
        this.defaultLimit = builder.defaultLimit;
        this.timeSource = builder.timeSource != null ? builder.timeSource : TimeSource.REDIS_SERVER;
        this.localBatch = builder.localBatch != null ? builder.localBatch : 1;
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            if (ownedClient != null) {
                ownedClient.shutdown();
            }
            throw new KeyStoreException(
                    "cannot connect to Redis for rate limits (" + e.getClass().getSimpleName()
                            + "): check that it runs and the URI's host, port, user and password",
                    e);
        }
        connection.setTimeout(commandTimeout);
    }

    /** A builder: {@link Builder#uri} (or {@link Builder#client}) is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<LimitStatus> consume(ApiKey key, long cost, Instant now) {
        RateLimit rate = key.rateLimit().orElse(defaultLimit);
        Quota quota = key.quota().orElse(null);
        if (rate == null && quota == null) {
            return Optional.empty();
        }
        if (localBatch == 1) {
            return Optional.of(decide(key, rate, quota, cost, now, 0, null).status());
        }
        LocalLeases.Lease lease = leases.of(key.limitsId());
        String limits = LocalLeases.signature(rate, quota);
        lockWithinTimeout(lease, key);
        try {
            long nowNanos = System.nanoTime();
            Optional<LimitStatus> local = leases.take(lease, limits, cost, now, nowNanos);
            if (local.isPresent()) {
                return local;
            }
            long units = Math.min(
                    localBatch,
                    Math.min(
                            rate == null ? Long.MAX_VALUE : Math.max(1, rate.capacity() / 10),
                            quota == null ? Long.MAX_VALUE : Math.max(1, quota.limit() / 100)));
            Granted granted = decide(key, rate, quota, cost, now, Math.max(0, units - cost), lease);
            LocalLeases.granted(
                    lease,
                    rate,
                    quota,
                    granted.extra(),
                    granted.quotaWindow(),
                    granted.status(),
                    granted.decidedAt(),
                    now,
                    nowNanos,
                    leases.lifetimeNanos());
            return Optional.of(granted.status());
        } finally {
            lease.lock.unlock();
        }
    }

    /**
     * Takes the lease's lock, waiting at most the command timeout: while another request of the key waits for a slow
     * Redis, the others are refused within the timeout too instead of queueing one timeout each.
     */
    private void lockWithinTimeout(LocalLeases.Lease lease, ApiKey key) {
        boolean locked;
        try {
            locked = lease.lock.tryLock(commandTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreException(
                    "interrupted while waiting for Redis to decide the rate limit of key " + key.id());
        }
        if (!locked) {
            throw new KeyStoreException("Redis did not decide the rate limit of key " + key.id() + " within "
                    + commandTimeout.toMillis() + " ms (another request of the key is waiting for it)");
        }
    }

    /** A decision of Redis: the standing, the units leased beyond the cost, and the quota window they belong to. */
    private record Granted(
            LimitStatus status, long extra, @Nullable Instant quotaWindow, Instant decidedAt) {}

    /**
     * One script call: decides {@code cost} on Redis, leasing up to {@code want} units more, and giving back what
     * {@code lease} (if any) holds unused.
     */
    private Granted decide(
            ApiKey key,
            @Nullable RateLimit rate,
            @Nullable Quota quota,
            long cost,
            Instant now,
            long want,
            LocalLeases.@Nullable Lease lease) {
        RedisCommands<String, String> commands = connection.sync();
        try {
            Instant decidedAt = (timeSource == TimeSource.REDIS_SERVER ? serverClock.now(commands) : now)
                    .truncatedTo(ChronoUnit.MICROS);
            long giveBack = lease == null ? 0 : lease.units;
            // Units go back only where the lease took them: a bucket or quota the key did not have then gets nothing.
            long giveTokens = lease != null && lease.rate != null && rate != null ? giveBack : 0;
            long giveUsed = lease != null && lease.quota != null && quota != null ? giveBack : 0;
            Instant giveWindow = lease == null ? null : lease.quotaWindow;
            if (lease != null) {
                // Given back now, whatever happens: a call whose answer is lost may have taken them back already, and
                // giving them twice would admit more than the limit (forfeiting them only admits less).
                lease.units = 0;
            }
            List<Object> before = script.run(
                    commands,
                    keyPrefix + key.limitsId(),
                    ScriptArguments.decide(rate, quota, cost, decidedAt, want, giveTokens, giveUsed, giveWindow));
            LimitStatus status = LimitArithmetic.consume(rate, quota, cost, decidedAt, ScriptArguments.counters(before))
                    .status();
            if (failing.getAndSet(false)) {
                LOG.info("apikey: Redis decides rate limits again");
            }
            long extra = before.size() > 4 && before.get(4) instanceof Long granted ? granted : 0;
            Instant window = quota == null ? null : quota.windowStart(decidedAt);
            return new Granted(status, status.allowed() ? extra : 0, window, decidedAt);
        } catch (RedisException e) {
            if (!failing.getAndSet(true)) {
                LOG.warn(
                        "apikey: Redis did not decide the rate limit of key {} ({}); refusing requests of keys with"
                                + " limits until it answers again",
                        key.id(),
                        e.getClass().getSimpleName());
            } else {
                LOG.debug("apikey: Redis did not decide the rate limit of key {}: {}", key.id(), e.toString());
            }
            throw new KeyStoreException(
                    "Redis did not decide the rate limit of key " + key.id() + ": " + e.getMessage(), e);
        }
    }

    /** Decisions may wait for Redis: never on an event loop. */
    @Override
    public boolean blocking() {
        return true;
    }

    /**
     * Gives the units leased to this instance back to Redis (best effort: when Redis does not answer they come back as
     * the bucket refills and the quota period ends), then closes the connection, and the client when this limiter
     * made it.
     */
    @Override
    public void close() {
        java.util.concurrent.atomic.AtomicBoolean redisAnswers = new java.util.concurrent.atomic.AtomicBoolean(true);
        leases.returnAll((limitsId, lease) -> {
            if (!redisAnswers.get()) {
                return; // one timeout at most: the rest come back as buckets refill and quota periods end
            }
            try {
                script.run(connection.sync(), keyPrefix + limitsId, ScriptArguments.giveBack(lease));
            } catch (RuntimeException e) {
                redisAnswers.set(false);
                LOG.debug("apikey: could not give leased units of {} back to Redis: {}", limitsId, e.toString());
            }
        });
        connection.close();
        if (ownedClient != null) {
            ownedClient.shutdown();
        }
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[keyPrefix=" + keyPrefix + ", commandTimeout=" + commandTimeout + ", time=" + timeSource
                + ", localBatch=" + localBatch
                + ", defaultLimit=" + (defaultLimit == null ? "none" : defaultLimit) + "]";
    }

    /** Builder of {@link RedisRateLimiter}; every setting at most once. */
    public static final class Builder {
        private @Nullable String uri;
        private @Nullable RedisClient client;
        private @Nullable String keyPrefix;
        private @Nullable Duration commandTimeout;
        private @Nullable RateLimit defaultLimit;
        private @Nullable TimeSource timeSource;
        private @Nullable Integer localBatch;

        private Builder() {}

        /**
         * How many units of a busy key's limits one Redis call may take for this instance (default 1: every request
         * asks Redis). With more, a request that finds units left from this instance's last call (at most {@link
         * #LEASE_LIFETIME} ago, for the same limits) is decided in memory. Never more than a tenth of a rate limit's
         * capacity or a hundredth of a quota is leased at once. Leases never admit more than the limit across
         * instances — Redis granted every unit — but units leased to one instance wait there until it uses them or
         * gives them back at its next call for the key (or on {@link RedisRateLimiter#close()}): another instance
         * may be refused meanwhile, by at most {@code localBatch} units per instance, and the standing an instance
         * reports is Redis's at its last call less what it used since.
         */
        public Builder localBatch(int units) {
            if (units < 1 || units > 10_000) {
                throw new IllegalArgumentException("localBatch lies between 1 (no lease) and 10000, e.g. 100");
            }
            this.localBatch = SetOnce.set(this.localBatch, units, "localBatch");
            return this;
        }

        /**
         * The Redis server, e.g. {@code redis://127.0.0.1:6379}, {@code rediss://user:password@host:6380/0} (TLS). The
         * limiter makes its own client and shuts it down on {@link #close()}.
         */
        public Builder uri(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("uri must be a Redis URI such as redis://127.0.0.1:6379");
            }
            this.uri = SetOnce.set(this.uri, uri, "uri");
            return this;
        }

        /** A Lettuce client of the application's (it stays the application's to shut down); instead of {@link #uri}. */
        public Builder client(RedisClient client) {
            this.client = SetOnce.set(this.client, client, "client");
            return this;
        }

        /** The prefix of the counters' keys (default {@value RedisRateLimiter#DEFAULT_KEY_PREFIX}). */
        public Builder keyPrefix(String keyPrefix) {
            if (keyPrefix == null || keyPrefix.isEmpty()) {
                throw new IllegalArgumentException("keyPrefix must not be empty, e.g. apikey:limits:");
            }
            this.keyPrefix = SetOnce.set(this.keyPrefix, keyPrefix, "keyPrefix");
            return this;
        }

        /**
         * The longest a decision waits for Redis (default 500 ms); then the request is refused with 503. Also the
         * timeout of connecting.
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, e.g. Duration.ofMillis(500)");
            }
            this.commandTimeout = SetOnce.set(this.commandTimeout, timeout, "commandTimeout");
            return this;
        }

        /** The rate limit of keys that carry none of their own (default: none, such keys are not limited). */
        public Builder defaultLimit(RateLimit limit) {
            this.defaultLimit = SetOnce.set(this.defaultLimit, limit, "defaultLimit");
            return this;
        }

        /** Which clock decisions are made on (default {@link TimeSource#REDIS_SERVER}). */
        public Builder timeSource(TimeSource source) {
            this.timeSource = SetOnce.set(this.timeSource, source, "timeSource");
            return this;
        }

        /**
         * The limiter, connected.
         *
         * @throws IllegalStateException if neither or both of a URI and a client were given
         * @throws IllegalArgumentException for a malformed URI (the message never repeats it: it may hold a password)
         * @throws KeyStoreException if Redis cannot be reached
         */
        public RedisRateLimiter build() {
            if ((uri == null) == (client == null)) {
                throw new IllegalStateException(
                        "RedisRateLimiter needs exactly one of uri(\"redis://host:6379\") or client(redisClient)");
            }
            Duration timeout = commandTimeout != null ? commandTimeout : DEFAULT_COMMAND_TIMEOUT;
            RedisClient given = client;
            if (given != null) {
                return new RedisRateLimiter(this, null, given);
            }
            String written = uri;
            if (written == null) {
                throw new IllegalStateException("RedisRateLimiter needs uri(\"redis://host:6379\")");
            }
            RedisURI redisUri = RedisUris.read(written);
            redisUri.setTimeout(timeout);
            RedisClient owned = RedisClient.create(redisUri);
            owned.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            return new RedisRateLimiter(this, owned, owned);
        }
    }
}
