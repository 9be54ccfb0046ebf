package dev.apikey;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** An in-memory store that can be switched to failing, and counts lookups by hash. */
final class FaultyKeyStore implements KeyStore {

    private final KeyStore delegate = KeyStore.inMemory();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger hashLookups = new AtomicInteger();

    private void check() {
        if (failing.get()) {
            throw new KeyStoreException("connection refused: database at db.internal:5432 is down");
        }
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        hashLookups.incrementAndGet();
        check();
        return delegate.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        check();
        return delegate.findById(id);
    }

    @Override
    public void save(ApiKey key) {
        check();
        delegate.save(key);
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        check();
        return delegate.update(id, change);
    }

    @Override
    public List<ApiKey> list() {
        check();
        return delegate.list();
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        check();
        delegate.recordUsage(usage);
    }
}
