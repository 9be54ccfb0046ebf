package dev.apikey;

import dev.apikey.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: issues, rotates, revokes and lists keys, and provides the {@link KeyValidator} that
 * checks them.
 *
 * <pre>{@code
 * ApiKeys apiKeys = ApiKeys.builder().build();                 // in-memory store, SHA-256, prefix "ak"
 * IssuedKey issued = apiKeys.issue(KeySpec.builder("billing-service").scopes("invoices:read").build());
 * String secret = issued.secret();                             // hand it to the client once
 *
 * Verification result = apiKeys.validator().verify(secret,
 *         VerificationContext.builder().requiredScopes(ScopeMatch.ALL, "invoices:read").build());
 * }</pre>
 *
 * <p>Thread-safe. Usage (last use, use count) is flushed to the store in the background every
 * {@linkplain Builder#usageFlushInterval(Duration) flush interval}; {@link #close()} flushes what is left and
 * stops the background thread.
 */
public final class ApiKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final KeyGenerator generator;
    private final KeyHasher hasher;
    private final KeyStore store;
    private final boolean blocking;
    private final Clock clock;
    private final KeyIssuer issuer;
    private final UsageRecorder usage;
    private final KeyValidator validator;
    private final @Nullable ScheduledExecutorService flusher;

    private ApiKeys(Builder builder) {
        this.generator = builder.generator != null
                ? builder.generator
                : KeyGenerator.secure(builder.prefix != null ? builder.prefix : KeyFormat.DEFAULT_PREFIX);
        this.hasher = builder.hasher != null ? builder.hasher : KeyHasher.sha256();
        this.store = builder.store != null ? builder.store : KeyStore.inMemory();
        // A store holding keys of another hashing scheme (pepper) refuses here, before any thread starts.
        store.bindHasher(hasher);
        this.clock = builder.clock != null ? builder.clock : Clock.systemUTC();
        this.issuer = new KeyIssuer(generator, hasher, store);
        VerificationListener listener = builder.listener != null ? builder.listener : VerificationListener.logging();
        this.usage = new UsageRecorder(store);
        RateLimiter limiter = builder.rateLimiter != null ? builder.rateLimiter : RateLimiter.inMemory();
        this.blocking = store.blocking() || limiter.blocking();
        this.validator = new StoreKeyValidator(generator.format(), hasher, store, clock, listener, usage, limiter);
        Duration interval =
                builder.usageFlushInterval != null ? builder.usageFlushInterval : Builder.DEFAULT_FLUSH_INTERVAL;
        if (interval.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "apikey-usage-flush");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            ScheduledFuture<?> unused = flusher.scheduleWithFixedDelay(
                    usage::flushQuietly,
                    millis,
                    millis,
                    TimeUnit.MILLISECONDS); // runs until the executor is shut down; flushQuietly logs its own failures
        }
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Issues a new key: generates it, stores its hash and returns the plaintext once.
     *
     * @throws IllegalArgumentException if {@code spec} expires before now or before its not-before instant
     * @throws KeyStoreException        if the store fails
     */
    public IssuedKey issue(KeySpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null: build one with KeySpec.builder(name)");
        }
        Instant now = clock.instant();
        Instant expiresAt = spec.lifetime()
                .map(lifetime -> KeyIssuer.later(now, lifetime, "expiresIn"))
                .or(spec::expiresAt)
                .orElse(null);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the key would expire at " + expiresAt + ", which is not after now ("
                    + now + "); give a later expiry");
        }
        return issuer.issue(spec.name(), spec, spec.notBefore().orElse(null), expiresAt, now, null);
    }

    /**
     * Replaces a key: issues a new one with the same name, scopes, networks, metadata, rate limit and quota (and, if
     * the old key had a lifetime, the same lifetime from now) that consumes the same rate-limit and quota counters
     * ({@link ApiKey#limitsId()}: rotation neither resets a key's limits nor doubles them during the grace period),
     * then lets the old key expire after {@code grace} (never
     * later than it would have). Both work during the grace period; there is no moment when neither does. A
     * key that is not valid yet is replaced by one that becomes valid at the same instant; if the grace ends
     * before that instant the old key is revoked, since it would never be usable. Each call issues one more
     * successor: rotating the same key again during its grace period leaves two replacements working.
     *
     * @param id    the key to replace
     * @param grace how long the old key keeps working; zero stops it at once
     * @return the new key, or empty if there is no key {@code id}
     * @throws IllegalArgumentException if {@code id} is null or the grace reaches beyond 9999-12-31
     * @throws IllegalStateException if the key is revoked or already expired
     * @throws KeyStoreException     if the store fails
     */
    public Optional<IssuedKey> rotate(String id, Duration grace) {
        requireId(id);
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive, e.g. Duration.ofHours(24)");
        }
        Instant now = clock.instant();
        Instant graceEnd = KeyIssuer.later(now, grace, "grace");
        Optional<ApiKey> found = store.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKey old = found.get();
        requireRotatable(old, now);
        // A replacement of a key that is not valid yet becomes valid at the same instant, not earlier.
        Instant newNotBefore =
                old.notBefore().filter(start -> start.isAfter(now)).orElse(null);
        Instant newStart = newNotBefore != null ? newNotBefore : now;
        Instant oldStart =
                old.notBefore().filter(start -> start.isAfter(old.createdAt())).orElse(old.createdAt());
        Instant newExpiry = old.expiresAt()
                .map(expiry ->
                        KeyIssuer.later(newStart, Duration.between(oldStart, expiry), "the replacement's lifetime"))
                .orElse(null);
        KeySpec attributes = new KeySpec(
                old.name(),
                old.scopes(),
                old.allowedNetworks(),
                old.metadata(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                old.rateLimit(),
                old.quota());
        IssuedKey replacement = issuer.issue(old.name(), attributes, newNotBefore, newExpiry, now, old.limitsId());
        try {
            store.update(id, current -> {
                requireRotatable(current, now);
                if (current.notBefore()
                        .filter(start -> !graceEnd.isAfter(start))
                        .isPresent()) {
                    return current.toBuilder().revokedAt(now).build(); // it would never become usable
                }
                Instant end = current.expiresAt()
                        .filter(expiry -> expiry.isBefore(graceEnd))
                        .orElse(graceEnd);
                return current.toBuilder().expiresAt(end).build();
            });
        } catch (RuntimeException e) {
            // The old key could not be shortened (revoked meanwhile, or the store failed): withdraw the new one.
            try {
                store.update(
                        replacement.id(),
                        current -> current.toBuilder().revokedAt(now).build());
            } catch (RuntimeException withdrawal) {
                e.addSuppressed(withdrawal);
                LOG.warn(
                        "rotation of key {} failed and its replacement {} could not be withdrawn; revoke {} by hand: {}",
                        id,
                        replacement.id(),
                        replacement.id(),
                        withdrawal.toString());
            }
            throw e;
        }
        LOG.info("rotated key {} to {}; the old key works until {}", id, replacement.id(), graceEnd);
        return Optional.of(replacement);
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a key id is required, e.g. key_3xYzAbCdEfGhIjKlMnOp");
        }
    }

    private static void requireRotatable(ApiKey key, Instant now) {
        KeyStatus status = key.statusAt(now);
        if (status == KeyStatus.REVOKED || status == KeyStatus.EXPIRED) {
            throw new IllegalStateException("key " + key.id() + " is "
                    + status.name().toLowerCase(Locale.ROOT) + " and cannot be rotated; issue a new key instead");
        }
    }

    /**
     * Revokes a key at once; revoking a revoked key keeps its first revocation time.
     *
     * @return the revoked key, or empty if there is no key {@code id}
     * @throws KeyStoreException if the store fails
     */
    public Optional<ApiKey> revoke(String id) {
        requireId(id);
        Instant now = clock.instant();
        Optional<ApiKey> revoked = store.update(
                id,
                current -> current.revokedAt().isPresent()
                                && !current.revokedAt().get().isAfter(now)
                        ? current
                        : current.toBuilder().revokedAt(now).build());
        revoked.ifPresent(key -> LOG.info("revoked key {} ({})", key.id(), key.hint()));
        return revoked;
    }

    /** Every key, oldest first (revoked and expired ones included). */
    public List<ApiKey> list() {
        return store.list();
    }

    /** The key with id {@code id}, if any. */
    public Optional<ApiKey> find(String id) {
        requireId(id);
        return store.findById(id);
    }

    /**
     * Whether verifying a key may block the calling thread on I/O: its store's or rate limiter's (a database, the
     * network). A reactive integration then verifies off its event loop.
     */
    public boolean blocking() {
        return blocking;
    }

    /** The validator for requests; the same instance on every call. */
    public KeyValidator validator() {
        return validator;
    }

    /** The hasher keys are stored under (e.g. to write static key entries). */
    public KeyHasher hasher() {
        return hasher;
    }

    /** The format keys are issued and checked in. */
    public KeyFormat format() {
        return generator.format();
    }

    /** The store the keys live in. */
    public KeyStore store() {
        return store;
    }

    /**
     * Writes the usage counted so far to the store now.
     *
     * @throws KeyStoreException if the store fails; the counts are kept and retried
     */
    public void flushUsage() {
        usage.flush();
    }

    /** Stops the background flush and flushes the remaining usage (logging, not throwing, if the store fails). */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            usage.flush();
        } catch (RuntimeException e) {
            LOG.warn(
                    "writing the last usage counts into the store failed, so they are lost ({}): close ApiKeys"
                            + " before its store, and the store's connection pool after both",
                    e.toString());
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + generator + ", " + hasher + ", " + store + "]";
    }

    /** Builder of {@link ApiKeys}; each setting may be given once. */
    public static final class Builder {
        static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);

        private @Nullable KeyStore store;
        private @Nullable KeyHasher hasher;
        private @Nullable KeyGenerator generator;
        private @Nullable String prefix;
        private @Nullable Clock clock;
        private @Nullable VerificationListener listener;
        private @Nullable Duration usageFlushInterval;
        private @Nullable RateLimiter rateLimiter;

        private Builder() {}

        /**
         * Counts requests against keys' rate limits and quotas (default {@link RateLimiter#inMemory()}: exact on
         * one instance, only for keys that carry limits).
         */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = SetOnce.set(this.rateLimiter, rateLimiter, "rateLimiter");
            return this;
        }

        /** Where keys are stored (default {@link KeyStore#inMemory()}). */
        public Builder store(KeyStore store) {
            this.store = SetOnce.set(this.store, store, "store");
            return this;
        }

        /** How keys are hashed (default {@link KeyHasher#sha256()}). */
        public Builder hasher(KeyHasher hasher) {
            this.hasher = SetOnce.set(this.hasher, hasher, "hasher");
            return this;
        }

        /** The prefix of issued keys (default {@value KeyFormat#DEFAULT_PREFIX}); exclusive with {@link #generator}. */
        public Builder prefix(String prefix) {
            if (generator != null) {
                throw new IllegalStateException(
                        "prefix and generator are exclusive: the generator already fixes the prefix");
            }
            KeyFormat.of(prefix);
            this.prefix = SetOnce.set(this.prefix, prefix, "prefix");
            return this;
        }

        /** The generator of issued keys (default {@link KeyGenerator#secure()}); exclusive with {@link #prefix}. */
        public Builder generator(KeyGenerator generator) {
            if (prefix != null) {
                throw new IllegalStateException(
                        "prefix and generator are exclusive: pass the prefix to KeyGenerator.secure(prefix)");
            }
            this.generator = SetOnce.set(this.generator, generator, "generator");
            return this;
        }

        /** The source of time (default {@link Clock#systemUTC()}). */
        public Builder clock(Clock clock) {
            this.clock = SetOnce.set(this.clock, clock, "clock");
            return this;
        }

        /** Receives every verification attempt (default {@link VerificationListener#logging()}). */
        public Builder listener(VerificationListener listener) {
            this.listener = SetOnce.set(this.listener, listener, "listener");
            return this;
        }

        /**
         * How often usage is written to the store in the background (default 10 s); {@link Duration#ZERO}
         * disables the background thread (call {@link ApiKeys#flushUsage()} or {@link ApiKeys#close()}).
         */
        public Builder usageFlushInterval(Duration interval) {
            if (interval != null
                    && (interval.isNegative()
                            || interval.compareTo(Duration.ofDays(1)) > 0
                            || (!interval.isZero() && interval.toMillis() < 1))) {
                throw new IllegalArgumentException(
                        "usageFlushInterval must be zero (off) or between 1 ms and 1 day, got " + interval);
            }
            this.usageFlushInterval = SetOnce.set(this.usageFlushInterval, interval, "usageFlushInterval");
            return this;
        }

        /** The configured instance. */
        public ApiKeys build() {
            return new ApiKeys(this);
        }
    }
}
