package dev.apikey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts successful verifications per key in memory and hands them to the store in batches, so no request
 * waits on a store write. Counts that fail to flush are kept for the next attempt, never dropped. Memory
 * is bounded by the number of keys that were used (only valid keys are counted).
 */
final class UsageRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

    private static final class Pending {
        final LongAdder uses = new LongAdder();
        final AtomicLong lastUsedMillis = new AtomicLong(Long.MIN_VALUE);
    }

    private final KeyStore store;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();

    UsageRecorder(KeyStore store) {
        this.store = store;
    }

    /** Counts one use of key {@code keyId} at {@code when}. Lock-free after the key's first use. */
    void record(String keyId, Instant when) {
        Pending counts = pending.get(keyId);
        if (counts == null) {
            counts = pending.computeIfAbsent(keyId, id -> new Pending());
        }
        long millis;
        try {
            millis = when.toEpochMilli();
        } catch (ArithmeticException e) {
            millis = when.isBefore(Instant.EPOCH) ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
        // The time first: a flush that sees the new use must also see its time. Read before writing: within one
        // millisecond, concurrent requests of one key then share the cache line instead of contending for it.
        AtomicLong lastUsed = counts.lastUsedMillis;
        long seen = lastUsed.get();
        while (seen < millis && !lastUsed.compareAndSet(seen, millis)) {
            seen = lastUsed.get();
        }
        counts.uses.increment();
    }

    /**
     * Sends the uses counted since the last flush to the store.
     *
     * @return the number of keys reported
     * @throws KeyStoreException if the store fails; the counts are kept for the next flush
     */
    int flush() {
        synchronized (flushLock) {
            List<KeyUsage> batch = new ArrayList<>();
            List<Pending> taken = new ArrayList<>();
            pending.forEach((keyId, counts) -> {
                long uses = counts.uses.sumThenReset();
                if (uses > 0) {
                    batch.add(new KeyUsage(keyId, uses, Instant.ofEpochMilli(counts.lastUsedMillis.get())));
                    taken.add(counts);
                }
            });
            if (batch.isEmpty()) {
                return 0;
            }
            try {
                store.recordUsage(batch);
            } catch (RuntimeException e) {
                for (int i = 0; i < batch.size(); i++) {
                    taken.get(i).uses.add(batch.get(i).uses());
                }
                throw e instanceof KeyStoreException kse
                        ? kse
                        : new KeyStoreException("recording usage of " + batch.size() + " keys failed: " + e, e);
            }
            return batch.size();
        }
    }

    /** Flushes, logging instead of throwing; for the background schedule. */
    void flushQuietly() {
        try {
            int keys = flush();
            if (keys > 0) {
                LOG.debug("recorded usage of {} keys", keys);
            }
        } catch (RuntimeException e) {
            LOG.warn("recording key usage failed, will retry at the next flush: {}", e.toString());
        }
    }

    /** Uses counted but not yet flushed, for {@code keyId}. */
    long unflushed(String keyId) {
        Pending counts = pending.get(keyId);
        return counts == null ? 0 : counts.uses.sum();
    }
}
