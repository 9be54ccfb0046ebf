package dev.apikey.http.conformance;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.KeyUsage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/** An in-memory store that throws {@link KeyStoreException} on every call while it is set to fail. */
public final class SwitchableKeyStore implements KeyStore {

    private final KeyStore delegate = KeyStore.inMemory();
    private final AtomicBoolean failing = new AtomicBoolean();

    /** Makes every call fail ({@code true}) or work again. */
    public void fail(boolean fail) {
        failing.set(fail);
    }

    private void check() {
        if (failing.get()) {
            throw new KeyStoreException("database unreachable");
        }
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
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
