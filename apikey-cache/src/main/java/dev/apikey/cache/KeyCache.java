package dev.apikey.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Keeps verification off the database: known keys for a short time, unknown hashes (bounded in number and
 * time) so that repeating a random key costs one query. A load that raced with an invalidation is not
 * cached, so a revocation can never be undone by a slow reader putting the old record back. An answer expires
 * one TTL after its load <em>began</em> (not after it was cached), so a change another process commits is seen
 * within the TTL however long the lookup that read the old row took.
 */
final class KeyCache {

    /** Taken when a load begins; {@link #remember} needs it. */
    record Load(long generation, long startNanos) {}

    /** A cached answer and when the load that produced it began, on the cache's ticker. */
    private record Stamped<V>(V value, long loadStartNanos) {}

    private final @Nullable Cache<KeyHash, Stamped<Answer>> known;
    private final @Nullable Cache<KeyHash, Stamped<Boolean>> unknown;
    private final AtomicLong generation = new AtomicLong();
    private final Ticker ticker;

    /** Bounds in time and number; {@code ticker} is the time source (nanoseconds). */
    KeyCache(Duration ttl, long maxKnown, Duration unknownTtl, long maxUnknown, Ticker ticker) {
        this.ticker = ticker;
        this.known = ttl.isZero()
                ? null
                : Caffeine.newBuilder()
                        .ticker(ticker)
                        .maximumSize(maxKnown)
                        .expireAfter(KeyCache.<Answer>fromLoadStart(ttl))
                        .build();
        this.unknown = unknownTtl.isZero()
                ? null
                : Caffeine.newBuilder()
                        .ticker(ticker)
                        .maximumSize(maxUnknown)
                        .expireAfter(KeyCache.<Boolean>fromLoadStart(unknownTtl))
                        .build();
    }

    /** Expiry {@code ttl} after the load began; reads do not extend it. */
    private static <V> Expiry<KeyHash, Stamped<V>> fromLoadStart(Duration ttl) {
        long ttlNanos = saturatedNanos(ttl);
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(KeyHash key, Stamped<V> value, long currentTime) {
                long elapsed = Math.max(0, currentTime - value.loadStartNanos());
                return Math.max(0, ttlNanos - elapsed);
            }

            @Override
            public long expireAfterUpdate(KeyHash key, Stamped<V> value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(KeyHash key, Stamped<V> value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    /** What the store answered for a hash: its key, or none ({@link #UNKNOWN}). */
    record Answer(Optional<ApiKey> key) {
        static final Answer UNKNOWN = new Answer(Optional.empty());
    }

    /** The cached answer for {@code hash}, or {@code null} when there is none. */
    @Nullable
    Answer lookup(KeyHash hash) {
        Stamped<Answer> key = known == null ? null : known.getIfPresent(hash);
        if (key != null) {
            return key.value();
        }
        return unknown != null && unknown.getIfPresent(hash) != null ? Answer.UNKNOWN : null;
    }

    /** {@code duration} in nanoseconds, or {@code Long.MAX_VALUE} when it has more (about 292 years). */
    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Marks the beginning of a load, to pass to {@link #remember} once it has finished. */
    Load startLoad() {
        return new Load(generation.get(), ticker.read());
    }

    /** Caches a loaded answer, unless something was invalidated since the load began. */
    void remember(KeyHash hash, Optional<ApiKey> loaded, Load load) {
        long loadGeneration = load.generation();
        if (generation.get() != loadGeneration) {
            return;
        }
        if (loaded.isPresent()) {
            if (known != null) {
                known.put(hash, new Stamped<>(new Answer(loaded), load.startNanos()));
            }
        } else if (unknown != null) {
            unknown.put(hash, new Stamped<>(Boolean.TRUE, load.startNanos()));
        }
        if (generation.get() != loadGeneration) {
            // an invalidation landed between the check and the put: drop what was just cached
            if (known != null) {
                known.invalidate(hash);
            }
            if (unknown != null) {
                unknown.invalidate(hash);
            }
        }
    }

    void invalidate(KeyHash hash) {
        generation.incrementAndGet();
        if (known != null) {
            known.invalidate(hash);
        }
        if (unknown != null) {
            unknown.invalidate(hash);
        }
    }

    void invalidateAll() {
        generation.incrementAndGet();
        if (known != null) {
            known.invalidateAll();
        }
        if (unknown != null) {
            unknown.invalidateAll();
        }
    }

    /** How many unknown hashes are remembered now (after pending evictions). */
    long unknownSize() {
        if (unknown == null) {
            return 0;
        }
        unknown.cleanUp();
        return unknown.estimatedSize();
    }
}
