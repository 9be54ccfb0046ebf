package dev.apikey.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps verification off the database: known keys for a short time, unknown hashes (bounded in number and
 * time) so that repeating a random key costs one query. A load that raced with an invalidation is not
 * cached, so a revocation can never be undone by a slow reader putting the old record back.
 */
final class KeyCache {

    private final Cache<KeyHash, ApiKey> known;
    private final Cache<KeyHash, Boolean> unknown;
    private final AtomicLong generation = new AtomicLong();

    KeyCache(Duration ttl, long maxKnown, Duration unknownTtl, long maxUnknown) {
        this.known = ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxKnown).build();
        this.unknown = unknownTtl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(unknownTtl).maximumSize(maxUnknown).build();
    }

    /** The cached answer for {@code hash}: a key, a known absence (empty optional), or no answer (null). */
    @SuppressWarnings("OptionalAssignedToNull")
    Optional<ApiKey> lookup(KeyHash hash) {
        ApiKey key = known == null ? null : known.getIfPresent(hash);
        if (key != null) {
            return Optional.of(key);
        }
        return unknown != null && unknown.getIfPresent(hash) != null ? Optional.empty() : null;
    }

    /** The generation to pass to {@link #remember} once a load started now has finished. */
    long generation() {
        return generation.get();
    }

    /** Caches a loaded answer, unless something was invalidated since the load began. */
    void remember(KeyHash hash, Optional<ApiKey> loaded, long loadGeneration) {
        if (generation.get() != loadGeneration) {
            return;
        }
        if (loaded.isPresent()) {
            if (known != null) {
                known.put(hash, loaded.get());
            }
        } else if (unknown != null) {
            unknown.put(hash, Boolean.TRUE);
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
