package dev.apikey;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Persistence of {@link ApiKey} records, looked up by hash, never by plaintext.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>thread-safe; {@link #findByHash(KeyHash)} is on every request's path and should not block when it
 *       can avoid it;</li>
 *   <li>absence is an empty {@code Optional}; a {@link KeyStoreException} means the store itself failed
 *       (and the request will be refused with 503, never let through);</li>
 *   <li>{@link #update(String, UnaryOperator)} is atomic per key: concurrent updates never lose one another,
 *       and a revocation is never undone (apply {@link KeyUpdates#apply});</li>
 *   <li>{@link #recordUsage(Collection)} applies a batch entirely or not at all: a failed batch is retried
 *       whole, so a half-applied one would be counted twice;</li>
 *   <li>usage fields ({@code lastUsedAt}, {@code useCount}) are owned by {@link #recordUsage(Collection)};
 *       {@code update} keeps the stored values whatever the function returns for them.</li>
 * </ul>
 *
 * <p>Provided: {@link #inMemory()}, {@link #fromEnvironment(String, KeyHasher)} and, in {@code apikey-jdbc},
 * an SQL store for SQLite and PostgreSQL.
 */
public interface KeyStore {

    /** The key stored under {@code hash}, if any. */
    Optional<ApiKey> findByHash(KeyHash hash);

    /** The key with public id {@code id}, if any. */
    Optional<ApiKey> findById(String id);

    /**
     * Stores a new key.
     *
     * @throws IllegalStateException if a key with the same id or hash is already stored
     * @throws UnsupportedOperationException if this store is read-only
     */
    void save(ApiKey key);

    /**
     * Atomically replaces the key {@code id} with {@code change} applied to its current record.
     *
     * @param change maps the current record to the new one; must keep the id and hash
     * @return the stored result, or empty if there is no such key
     * @throws IllegalArgumentException if {@code change} alters the id or hash
     * @throws UnsupportedOperationException if this store is read-only
     */
    Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change);

    /** Every stored key, revoked and expired ones included, oldest first. */
    List<ApiKey> list();

    /**
     * Adds batched usage to the stored keys: {@code useCount} grows by {@link KeyUsage#uses()} and
     * {@code lastUsedAt} becomes the later of the stored and reported instants. Reports for unknown ids are
     * ignored. All or nothing: if it throws, none of the batch may have been applied.
     */
    void recordUsage(Collection<KeyUsage> usage);

    /**
     * Tells the store which hasher its keys are hashed with; {@link ApiKeys} calls it once when it is built. A store
     * that can persist it records a fingerprint of the hashing scheme (the algorithm and a keyed check value, never
     * the pepper) on first use and refuses a hasher whose fingerprint differs, so a process with another pepper or
     * algorithm can neither issue keys that never verify nor miss the keys it looks up. The default does nothing.
     *
     * @throws KeyStoreException if the store's keys were hashed with another scheme (the message says what to do)
     */
    default void bindHasher(KeyHasher hasher) {
        // a store that cannot persist the scheme has nothing to check
    }

    /**
     * Whether a lookup may block the calling thread on I/O (a database, the network): a reactive integration then
     * runs verifications off its event loop. Default {@code true}; a store that only reads memory answers
     * {@code false}.
     */
    default boolean blocking() {
        return true;
    }

    /** A thread-safe store in memory: keys are lost when the process ends. */
    static KeyStore inMemory() {
        return new InMemoryKeyStore();
    }

    /**
     * A read-only store of static keys read from an environment variable, for the smallest deployments.
     * Entries are separated by {@code ;} or line breaks; each is
     * {@code <name> <credential> [scopes=a,b] [networks=cidr,cidr] [expires=<ISO-8601 instant>] [rate=100/1s]
     * [quota=10000/month]}, where the
     * credential is the key's hash as {@code sha256:<64 hex>} (or {@code hmac-sha256:<64 hex>} when
     * {@code hasher} uses a pepper), or — discouraged, logged as a warning — a plaintext key.
     *
     * @param variable the variable's name, e.g. {@code APIKEY_KEYS}
     * @param hasher   the hasher the validator uses (plaintext entries are hashed with it, hash entries
     *                 must name its algorithm)
     * @throws IllegalArgumentException if the variable is unset or empty, or an entry is invalid (the
     *                                  message names the entry, never a secret)
     */
    static KeyStore fromEnvironment(String variable, KeyHasher hasher) {
        if (variable == null || variable.isBlank()) {
            throw new IllegalArgumentException(
                    "the environment variable's name must not be blank, e.g. \"APIKEY_KEYS\"");
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalArgumentException(
                    "environment variable " + variable + " is not set: set it to entries such as"
                            + " \"ci-bot sha256:<64 hex digits of the key's SHA-256> scopes=reports:read\"");
        }
        return fromEntries(value, variable, hasher);
    }

    /**
     * A read-only store of static keys from entries in the format of {@link #fromEnvironment(String, KeyHasher)},
     * e.g. read from a secrets file.
     *
     * @param entries the entries
     * @param source  where they come from, named in error messages (e.g. a file name)
     * @param hasher  the hasher the validator uses
     * @throws IllegalArgumentException if there are no entries or one is invalid
     */
    static KeyStore fromEntries(String entries, String source, KeyHasher hasher) {
        return new StaticKeyStore(StaticKeyEntries.parse(entries, source, hasher));
    }
}
