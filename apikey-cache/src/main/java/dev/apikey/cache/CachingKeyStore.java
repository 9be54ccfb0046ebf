package dev.apikey.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.KeyUsage;
import dev.apikey.internal.SetOnce;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyStore} decorator that keeps verification off a slow store: {@link #findByHash lookups by hash} are
 * answered from memory — known keys for a short time, unknown hashes (bounded in number and time) so that
 * repeating a random key costs one lookup. Everything else goes to the store it wraps.
 *
 * <p>Writes made through the decorator are seen at once (the written key's entry is dropped), and a lookup that
 * raced with such a write is not cached, so a slow reader can never put a revoked key back. Writes made
 * elsewhere (another process, another instance) are seen within the TTL, or at once when a change feed calls
 * {@link #invalidate(KeyHash)} / {@link #invalidateAll()} (as {@code JdbcKeyStore} does with PostgreSQL's
 * {@code LISTEN/NOTIFY}). An answer expires one TTL after its lookup <em>began</em>, however long the lookup took.
 *
 * <pre>{@code
 * KeyStore store = CachingKeyStore.wrapping(myRemoteStore)
 *         .ttl(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; the cache is Caffeine's. {@link #findById}, {@link #list} and the usage counters are not cached.
 */
public final class CachingKeyStore implements KeyStore {

    private final KeyStore delegate;
    private final KeyCache cache;

    private CachingKeyStore(KeyStore delegate, KeyCache cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    /** A builder of a cache in front of {@code store}. */
    public static Builder wrapping(KeyStore store) {
        return new Builder(SetOnce.requireValue(store, "store"));
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        SetOnce.requireValue(hash, "hash");
        KeyCache.Answer cached = cache.lookup(hash);
        if (cached != null) {
            return cached.key();
        }
        KeyCache.Load load = cache.startLoad();
        Optional<ApiKey> loaded = delegate.findByHash(hash);
        cache.remember(hash, loaded, load);
        return loaded;
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public void save(ApiKey key) {
        try {
            delegate.save(key);
        } finally {
            if (key != null) {
                cache.invalidate(key.hash()); // an unknown-hash entry for it must go, whatever the outcome
            }
        }
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        Optional<ApiKey> changed;
        try {
            changed = delegate.update(id, change);
        } catch (RuntimeException | Error e) {
            cache.invalidateAll(); // the store may have changed the key before failing; which key is not known here
            throw e;
        }
        changed.ifPresent(key -> cache.invalidate(key.hash()));
        return changed;
    }

    @Override
    public List<ApiKey> list() {
        return delegate.list();
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        delegate.recordUsage(usage);
    }

    @Override
    public void bindHasher(KeyHasher hasher) {
        delegate.bindHasher(hasher);
    }

    /** The wrapped store's: a cache miss reads it. */
    @Override
    public boolean blocking() {
        return delegate.blocking();
    }

    /** Drops what is cached for {@code hash}: for a change feed reporting that the key was changed elsewhere. */
    public void invalidate(KeyHash hash) {
        cache.invalidate(SetOnce.requireValue(hash, "hash"));
    }

    /** Drops everything cached: for a change feed that may have missed changes (after a reconnect, say). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** How many unknown hashes are remembered now; bounded by {@link Builder#unknownMaximumSize(long)}. */
    public long unknownHashesRemembered() {
        return cache.unknownSize();
    }

    /**
     * The store this cache is in front of. Writes made on it directly bypass this cache's invalidation: they are seen
     * within the TTL, like writes made by another process.
     */
    public KeyStore delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "CachingKeyStore[" + delegate + "]";
    }

    /** Settings of a {@link CachingKeyStore}; each at most once. */
    public static final class Builder {

        private final KeyStore delegate;
        private @Nullable Duration ttl;
        private @Nullable Long maximumSize;
        private @Nullable Duration unknownTtl;
        private @Nullable Long unknownMaximumSize;
        private @Nullable Ticker ticker;

        private Builder(KeyStore delegate) {
            this.delegate = delegate;
        }

        /**
         * How long a known key is served from memory (default 5 s; zero disables it): the longest a change made
         * elsewhere, without a change feed, goes unseen.
         */
        public Builder ttl(Duration ttl) {
            this.ttl = SetOnce.set(this.ttl, nonNegative(ttl, "ttl"), "ttl");
            return this;
        }

        /** How many known keys are held at most (default 100 000). */
        public Builder maximumSize(long size) {
            this.maximumSize = SetOnce.set(this.maximumSize, positive(size, "maximumSize"), "maximumSize");
            return this;
        }

        /** How long an unknown hash is remembered (default 5 s; zero disables it). */
        public Builder unknownTtl(Duration ttl) {
            this.unknownTtl = SetOnce.set(this.unknownTtl, nonNegative(ttl, "unknownTtl"), "unknownTtl");
            return this;
        }

        /** How many unknown hashes are remembered at most (default 100 000), so random keys cannot fill the heap. */
        public Builder unknownMaximumSize(long size) {
            this.unknownMaximumSize =
                    SetOnce.set(this.unknownMaximumSize, positive(size, "unknownMaximumSize"), "unknownMaximumSize");
            return this;
        }

        /** The time source, in nanoseconds (default the system's): for tests that move time. */
        Builder ticker(Ticker ticker) {
            this.ticker = SetOnce.set(this.ticker, ticker, "ticker");
            return this;
        }

        /** The decorator. */
        public CachingKeyStore build() {
            KeyCache cache = new KeyCache(
                    orDefault(ttl),
                    maximumSize == null ? DEFAULT_SIZE : maximumSize,
                    orDefault(unknownTtl),
                    unknownMaximumSize == null ? DEFAULT_SIZE : unknownMaximumSize,
                    ticker == null ? Ticker.systemTicker() : ticker);
            return new CachingKeyStore(delegate, cache);
        }

        private static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
        private static final long DEFAULT_SIZE = 100_000;

        private static Duration orDefault(@Nullable Duration ttl) {
            return ttl == null ? DEFAULT_TTL : ttl;
        }

        private static Duration nonNegative(@Nullable Duration value, String what) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero or positive, e.g. Duration.ofSeconds(5)");
            }
            return value;
        }

        private static Long positive(long value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
