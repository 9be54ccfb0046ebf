package dev.apikey.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache's bounds in time, on a ticker the test moves: an answer never outlives its load's start by a TTL. */
final class KeyCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration UNKNOWN_TTL = Duration.ofSeconds(2);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final KeyCache cache = new KeyCache(TTL, 100, UNKNOWN_TTL, 100, ticker);
    private final KeyHash hash = KeyHasher.sha256().hash("a key of the cache test");
    private final ApiKey key = ApiKey.builder()
            .id("key_cache")
            .name("cache")
            .hash(hash)
            .hint("ak_xxxx")
            .createdAt(Instant.parse("2026-12-01T00:00:00Z"))
            .build();

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void aKnownKeyExpiresATtlAfterItsLoadBeganNotAfterItWasCached() {
        KeyCache.Load load = cache.startLoad();
        advance(Duration.ofSeconds(3)); // a slow lookup: the row it read may be 3 s old when it is cached
        cache.remember(hash, Optional.of(key), load);

        assertThat(cache.lookup(hash)).isEqualTo(new KeyCache.Answer(Optional.of(key)));
        advance(Duration.ofMillis(1_999));
        assertThat(cache.lookup(hash))
                .as("4.999 s after the load began")
                .isEqualTo(new KeyCache.Answer(Optional.of(key)));
        advance(Duration.ofMillis(1));
        assertThat(cache.lookup(hash)).as("5 s after the load began").isNull();
    }

    @Test
    void aLoadSlowerThanTheTtlIsNotCachedAtAll() {
        KeyCache.Load load = cache.startLoad();
        advance(TTL.plusMillis(1));
        cache.remember(hash, Optional.of(key), load);

        assertThat(cache.lookup(hash)).isNull();
    }

    @Test
    void anUnknownHashIsRememberedForItsOwnTtlFromTheLoadStart() {
        KeyCache.Load load = cache.startLoad();
        advance(Duration.ofSeconds(1));
        cache.remember(hash, Optional.empty(), load);

        assertThat(cache.lookup(hash)).isEqualTo(KeyCache.Answer.UNKNOWN);
        advance(Duration.ofMillis(999));
        assertThat(cache.lookup(hash)).isEqualTo(KeyCache.Answer.UNKNOWN);
        advance(Duration.ofMillis(1));
        assertThat(cache.lookup(hash)).isNull();
    }

    @Test
    void readsDoNotExtendAnEntrysLife() {
        cache.remember(hash, Optional.of(key), cache.startLoad());
        for (int i = 0; i < 4; i++) {
            advance(Duration.ofSeconds(1));
            assertThat(cache.lookup(hash)).isEqualTo(new KeyCache.Answer(Optional.of(key)));
        }
        advance(Duration.ofSeconds(1));
        assertThat(cache.lookup(hash)).isNull();
    }

    @Test
    void aTtlBeyondWhatNanosecondsHoldIsTakenAsForever() {
        KeyCache forever = new KeyCache(Duration.ofDays(365L * 1000), 100, Duration.ofDays(365L * 1000), 100, ticker);
        forever.remember(hash, Optional.of(key), forever.startLoad());
        advance(Duration.ofDays(365L * 100));

        assertThat(forever.lookup(hash)).isEqualTo(new KeyCache.Answer(Optional.of(key)));
    }

    @Test
    void aLoadThatRacedWithAnInvalidationIsNotCached() {
        KeyCache.Load load = cache.startLoad();
        cache.invalidate(hash); // e.g. this instance revoked the key while the lookup read the old row

        cache.remember(hash, Optional.of(key), load);

        assertThat(cache.lookup(hash)).isNull();
        cache.remember(hash, Optional.of(key), cache.startLoad());
        assertThat(cache.lookup(hash)).isEqualTo(new KeyCache.Answer(Optional.of(key)));
    }
}
