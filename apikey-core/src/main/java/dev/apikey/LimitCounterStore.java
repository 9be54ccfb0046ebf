package dev.apikey;

import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link WriteBehindRateLimiter} keeps its counters between restarts: it reads a key's counters once, on the
 * key's first request in the process, and writes the changed ones back in batches. {@code JdbcKeyStore.limitCounters()}
 * is one, on the table the exact SQL limiter uses.
 *
 * <p>Implementations are thread-safe, and throw {@link KeyStoreException} when the store fails.
 */
public interface LimitCounterStore {

    /**
     * The counters stored for a {@linkplain ApiKey#limitsId() limits id}, if any.
     *
     * @throws KeyStoreException if the store cannot be read
     */
    Optional<LimitArithmetic.Counters> load(String limitsId);

    /**
     * Stores each limits id's counters, replacing what is stored, all or none.
     *
     * @throws KeyStoreException if the store cannot be written; nothing is then written
     */
    void saveAll(Map<String, LimitArithmetic.Counters> counters);
}
