package dev.apikey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * {@link KeyStore} in two concurrent maps (by hash for verification, by id for management). Reads take no
 * lock; writes are serialised so that both maps always agree and no update is lost.
 */
final class InMemoryKeyStore implements KeyStore {

    /** Memory only: never blocks. */
    @Override
    public boolean blocking() {
        return false;
    }

    private final ConcurrentHashMap<KeyHash, ApiKey> byHash = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        if (hash == null) {
            throw new IllegalArgumentException("hash must not be null");
        }
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public void save(ApiKey key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        synchronized (writeLock) {
            if (byId.containsKey(key.id())) {
                throw new IllegalStateException("a key with id " + key.id() + " is already stored");
            }
            if (byHash.containsKey(key.hash())) {
                throw new IllegalStateException("a key with the same hash is already stored (id "
                        + byHash.get(key.hash()).id() + ")");
            }
            byHash.put(key.hash(), key);
            byId.put(key.id(), key);
        }
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        if (change == null) {
            throw new IllegalArgumentException("change must not be null");
        }
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
        synchronized (writeLock) {
            ApiKey current = byId.get(id);
            if (current == null) {
                return Optional.empty();
            }
            ApiKey changed = KeyUpdates.apply(current, change);
            byHash.put(changed.hash(), changed);
            byId.put(changed.id(), changed);
            return Optional.of(changed);
        }
    }

    @Override
    public List<ApiKey> list() {
        List<ApiKey> keys = new ArrayList<>(byId.values());
        keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
        return keys;
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        if (usage == null) {
            throw new IllegalArgumentException("usage must not be null");
        }
        synchronized (writeLock) {
            for (KeyUsage report : usage) {
                ApiKey current = byId.get(report.keyId());
                if (current == null) {
                    continue;
                }
                ApiKey used = KeyUpdates.withUsage(current, report);
                byHash.put(used.hash(), used);
                byId.put(used.id(), used);
            }
        }
    }

    @Override
    public String toString() {
        return "KeyStore.inMemory(" + byId.size() + " keys)";
    }
}
